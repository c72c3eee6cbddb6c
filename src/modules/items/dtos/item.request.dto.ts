import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsRealDateTime } from '../../../shared/http/dates.js';
import {
  AGENCY_NATURES,
  EXERCISE_LEVELS,
  APPROVAL_MODES,
  HANDLING_TYPES,
  ITEM_LEVELS,
  ITEM_STATUSES,
  ITEM_TYPES,
  LAW_LEVELS,
  LIMIT_UNITS,
  MATERIAL_FORMS,
  MATERIAL_NECESSITIES,
  SERVICE_OBJECTS,
  SPECIAL_PROCEDURE_TYPES,
} from '../domain/item.enums.js';
import { NestedObject, NestedObjects } from '../../../shared/http/nested-objects.js';

export class TimeLimitDto {
  @ApiProperty({ example: 20 }) @IsNumber() @Min(0) @Max(10000) value: number;
  @ApiProperty({ enum: LIMIT_UNITS, example: 'WD', description: 'WD working days, ND natural days, WH/NH hours' })
  @IsIn(LIMIT_UNITS)
  unit: (typeof LIMIT_UNITS)[number];
  @ApiPropertyOptional({
    enum: ['ACCEPTANCE', 'RECEIPT'],
    example: 'ACCEPTANCE',
    description:
      'What the period runs from: acceptance (受理, the default, 行政许可法 Art.42) or receipt of the application (建筑法 Art.8 "自收到申请之日起"); legal limits only',
  })
  @IsOptional()
  @IsIn(['ACCEPTANCE', 'RECEIPT'])
  from?: 'ACCEPTANCE' | 'RECEIPT';
}

export class DepartmentRefDto {
  @ApiProperty({ example: '410100-SJJ' }) @IsString() @Length(1, 64) code: string;
  @ApiProperty({ example: '郑州市市场监督管理局' }) @IsString() @Length(1, 200) name: string;
}

export class CommitmentRuleDto {
  @ApiProperty({ example: 20, description: 'Working days after the approval within which the commitment is verified' })
  @IsInt()
  @Min(1)
  @Max(250)
  verificationWorkingDays: number;
  @ApiPropertyOptional({
    example: '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  verificationBasis?: string;
}

export class AgencyDto {
  @ApiProperty({ example: '郑州市市场监督管理局' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ example: '11410100MB1234567W', description: '统一社会信用代码 (18 chars)' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { message: 'uscc must be an 18-character USCC' })
  uscc?: string;
  @ApiPropertyOptional({ example: '410100000000' }) @IsOptional() @Matches(/^\d{6}(\d{6})?$/) regionCode?: string;
}

export class LegalBasisDto {
  @ApiProperty({ example: '《中华人民共和国食品安全法》' }) @IsString() @Length(1, 300) lawName: string;
  @ApiProperty({ enum: LAW_LEVELS, example: 'LAW' }) @IsIn(LAW_LEVELS) level: string;
  @ApiPropertyOptional({ example: '第三十五条' }) @IsOptional() @IsString() @MaxLength(100) articleNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) articleText?: string;
}

export class MaterialDto {
  @ApiProperty({ example: 'm1' }) @IsString() @Length(1, 64) id: string;
  @ApiProperty({ example: '食品经营许可申请书' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: MATERIAL_FORMS }) @IsIn(MATERIAL_FORMS) form: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(0) @Max(100) originalCount: number;
  @ApiProperty({ example: 0 }) @IsInt() @Min(0) @Max(100) copyCount: number;
  @ApiProperty({ enum: MATERIAL_NECESSITIES, description: 'TOLERABLE = 容缺 (secondary material)' })
  @IsIn(MATERIAL_NECESSITIES)
  necessity: (typeof MATERIAL_NECESSITIES)[number];
  @ApiPropertyOptional({ example: 'APPLICANT' }) @IsOptional() @IsString() @MaxLength(32) sourceChannel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) paperSpec?: string;
}

export class SpecialProcedureDefDto {
  @ApiProperty({ enum: SPECIAL_PROCEDURE_TYPES }) @IsIn(SPECIAL_PROCEDURE_TYPES) type: string;
  @ApiProperty({ example: '现场核查' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ type: TimeLimitDto })
  @NestedObject(() => TimeLimitDto)
  maxDuration: TimeLimitDto;
  @ApiPropertyOptional({ example: '《中华人民共和国行政许可法》第四十五条' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;
  @ApiProperty() @IsBoolean() isCharged: boolean;
  @ApiPropertyOptional({ description: 'Defaults to false only when a legal basis is given' })
  @IsOptional()
  @IsBoolean()
  countsInLegalLimit?: boolean;
}

export class FeeDto {
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiProperty() @IsString() @Length(1, 500) standard: string;
  @ApiProperty() @IsString() @Length(1, 500) basis: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) amountRule?: string;
  @ApiProperty() @IsBoolean() reducible: boolean;
}

/** Supervision thresholds of an item (domain.md §5.3); each falls back to the default when absent. */
export class SupervisionSettingsDto {
  @ApiPropertyOptional({ example: 1, description: 'Warn N working days before the promised due date' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  warnBeforeWD?: number;
  @ApiPropertyOptional({ example: 0.8, description: 'Also warn once this share of the promised limit is used' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  warnAtElapsedRatio?: number;
  @ApiPropertyOptional({ enum: ['PROMISED_EXCEEDED', 'NODE_EXCEEDED'], isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(['PROMISED_EXCEEDED', 'NODE_EXCEEDED'], { each: true })
  yellowOn?: string[];
  @ApiPropertyOptional({ enum: ['LEGAL_EXCEEDED', 'YELLOW_UNRESOLVED', 'PROMISED_EXCEEDED'], isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(['LEGAL_EXCEEDED', 'YELLOW_UNRESOLVED', 'PROMISED_EXCEEDED'], { each: true })
  redOn?: string[];
  @ApiPropertyOptional({ example: 5, description: 'A yellow card unresolved this many working days turns red' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  redAfterYellowWD?: number;
}

/** Roles that may approve an extension (延期): the agency head's, or an admin acting for the centre. */
export const EXTENSION_APPROVER_ROLES = ['leader', 'admin'] as const;

/** 延期 rule (行政许可法 Art.42, or the item's own basis); default 10 WD once, 15 WD for joint handling. */
export class ExtensionRuleDto {
  @ApiProperty({ example: 5, description: 'Working days all approved extensions may add together' })
  @IsInt()
  @Min(0)
  @Max(60)
  maxWorkingDays: number;
  @ApiProperty({ example: 1, description: 'How many extensions may be approved' })
  @IsInt()
  @Min(0)
  @Max(5)
  times: number;
  @ApiProperty({ enum: EXTENSION_APPROVER_ROLES, example: 'leader', description: 'Role that approves a request' })
  @IsIn(EXTENSION_APPROVER_ROLES)
  approverRole: string;
  @ApiPropertyOptional({ example: '《食品经营许可和备案管理办法》第二十六条', description: 'Legal basis of the rule' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  basis?: string;
}

/** An approval item (事项, domain.md §2.2). Body of POST /items and PUT /items/{code}. */
export class ItemRequestDto {
  @ApiProperty({ example: '410100-SJJ-XK-001' }) @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/) code: string;
  @ApiProperty({ example: '食品经营许可（新办）' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: ITEM_TYPES }) @IsIn(ITEM_TYPES) itemType: string;
  @ApiProperty({ enum: ITEM_LEVELS }) @IsIn(ITEM_LEVELS) level: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) parentCode?: string;
  @ApiProperty({ example: '1140100XK00100' }) @IsString() @Length(1, 64) basicCode: string;
  @ApiProperty() @IsString() @Length(1, 64) implementationCode: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) handlingItemCode?: string;
  @ApiProperty({ enum: EXERCISE_LEVELS }) @IsIn(EXERCISE_LEVELS) exerciseLevel: string;
  @ApiProperty({ example: '410100', description: '6-digit administrative division' })
  @Matches(/^\d{6}$/)
  regionCode: string;
  @ApiProperty({ example: '410100-SJJ', description: 'Handling department code' })
  @IsString()
  @Length(1, 64)
  department: string;
  @ApiProperty({ type: DepartmentRefDto })
  @NestedObject(() => DepartmentRefDto)
  competentDepartment: DepartmentRefDto;
  @ApiProperty({ type: AgencyDto }) @NestedObject(() => AgencyDto) implementingAgency: AgencyDto;
  @ApiProperty({ enum: AGENCY_NATURES }) @IsIn(AGENCY_NATURES) agencyNature: string;
  @ApiProperty({ enum: SERVICE_OBJECTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(SERVICE_OBJECTS, { each: true })
  serviceObjects: string[];
  @ApiProperty({ enum: HANDLING_TYPES, description: 'IMMEDIATE (即办件): decided at the window the same day' })
  @IsIn(HANDLING_TYPES)
  handlingType: string;
  @ApiPropertyOptional({
    enum: APPROVAL_MODES,
    default: 'STANDARD',
    description: 'NOTICE_COMMITMENT (告知承诺制): decided on the applicant’s signed commitment, verified afterwards',
  })
  @IsOptional()
  @IsIn(APPROVAL_MODES)
  approvalMode?: string;
  @ApiPropertyOptional({
    type: CommitmentRuleDto,
    description: 'Required for NOTICE_COMMITMENT: the verification (核查)',
  })
  @IsOptional()
  @NestedObject(() => CommitmentRuleDto)
  commitment?: CommitmentRuleDto;
  @ApiProperty({ type: TimeLimitDto }) @NestedObject(() => TimeLimitDto) legalLimit: TimeLimitDto;
  @ApiPropertyOptional({
    example:
      '《中华人民共和国建筑法》第八条：建设行政主管部门应当自收到申请之日起七日内，对符合条件的申请颁发施工许可证。',
    description: 'Article and text the legal limit comes from',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalLimitBasis?: string;
  @ApiProperty({ type: TimeLimitDto })
  @NestedObject(() => TimeLimitDto)
  promisedLimit: TimeLimitDto;
  @ApiPropertyOptional({
    example: '承诺时限：在法定时限内压缩办理时限（国办发〔2019〕11号），以本中心公开的办事指南为准。',
    description: 'Where the promised (承诺) limit comes from: the published service guide or a local rule',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  promisedLimitBasis?: string;
  @ApiPropertyOptional({
    type: SupervisionSettingsDto,
    description: 'E-supervision thresholds (default: domain.md §5.3)',
  })
  @IsOptional()
  @NestedObject(() => SupervisionSettingsDto)
  supervision?: SupervisionSettingsDto;
  @ApiPropertyOptional({
    type: ExtensionRuleDto,
    description: 'Extension rule (default 行政许可法 Art.42: 10 WD once; 15 WD for JOINT handling; leader approves)',
  })
  @IsOptional()
  @NestedObject(() => ExtensionRuleDto)
  extension?: ExtensionRuleDto;
  @ApiPropertyOptional({
    type: TimeLimitDto,
    description: 'Delivery limit from the approval decision to issuing the licence (default Art.44: 10 WD)',
  })
  @IsOptional()
  @NestedObject(() => TimeLimitDto)
  deliveryLimit?: TimeLimitDto;
  @ApiPropertyOptional({
    example:
      '《中华人民共和国行政许可法》第四十四条：行政机关作出准予行政许可的决定，应当自作出决定之日起十日内，向申请人颁发、送达行政许可证件。',
    description: 'Article and text the delivery limit comes from',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  deliveryLimitBasis?: string;
  @ApiPropertyOptional({
    example: true,
    description: 'Does waiting for a correction during review (过程补正) pause the clocks? Default true',
  })
  @IsOptional()
  @IsBoolean()
  correctionPausesClock?: boolean;
  @ApiProperty({ type: [LegalBasisDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @NestedObjects(() => LegalBasisDto)
  legalBasis: LegalBasisDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) acceptanceConditions?: string;
  @ApiProperty({ type: [MaterialDto] })
  @ArrayMaxSize(200)
  @NestedObjects(() => MaterialDto)
  materials: MaterialDto[];
  @ApiPropertyOptional({ type: [SpecialProcedureDefDto] })
  @IsOptional()
  @ArrayMaxSize(20)
  @NestedObjects(() => SpecialProcedureDefDto)
  specialProcedures?: SpecialProcedureDefDto[];
  @ApiProperty() @IsBoolean() isCharged: boolean;
  @ApiPropertyOptional({ type: [FeeDto] })
  @IsOptional()
  @ArrayMaxSize(50)
  @NestedObjects(() => FeeDto)
  fees?: FeeDto[];
  @ApiProperty({ description: '是否可容缺受理' }) @IsBoolean() toleranceAllowed: boolean;
  @ApiProperty({ example: 1, description: '到办事现场次数' }) @IsInt() @Min(0) @Max(10) onSiteVisits: number;
  @ApiProperty({ example: 'standard-approval', description: 'Key of a deployed process definition' })
  @IsString()
  @Length(1, 200)
  processKey: string;
  @ApiPropertyOptional({ type: [DepartmentRefDto], description: 'Co-departments for joint approval' })
  @IsOptional()
  @ArrayMaxSize(50)
  @NestedObjects(() => DepartmentRefDto)
  jointDepartments?: DepartmentRefDto[];
  @ApiPropertyOptional({ example: '410100-SJJ' }) @IsOptional() @IsString() @MaxLength(64) leadDepartment?: string;
  @ApiPropertyOptional({ example: 'ALL', description: 'Joint policy: ALL, ANY, QUORUM:n or VETO' })
  @IsOptional()
  @Matches(/^(ALL|ANY|VETO|QUORUM:\d{1,3})$/)
  jointPolicy?: string;
  @ApiPropertyOptional({
    example: { planningDepartment: '410100-ZRZY' },
    description: "Default variables for this item's cases (e.g. which department plays which role in the process)",
  })
  @IsOptional()
  @IsObject()
  processVariables?: Record<string, unknown>;
  @ApiProperty({ enum: ITEM_STATUSES }) @IsIn(ITEM_STATUSES) status: string;
  @ApiPropertyOptional({ description: 'Ignored on write: the server counts versions' })
  @IsOptional()
  @IsInt()
  version?: number;
  @ApiPropertyOptional({ example: '2025-01-01' })
  @IsOptional()
  @IsRealDateTime({ allowDate: true })
  effectiveFrom?: string;
}
