import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';

export const APPLICANT_TYPES = ['NATURAL_PERSON', 'LEGAL_PERSON', 'OTHER_ORG'] as const;
export const ID_TYPES = ['ID_CARD', 'PASSPORT', 'HK_MACAO_PASS', 'TAIWAN_PASS', 'FOREIGNER_PERMIT', 'OTHER'] as const;
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** 申请人 / 代理人: a natural person by id document, or a legal person / organisation by USCC. */
export class ApplicantDto {
  @ApiProperty({ enum: APPLICANT_TYPES, example: 'LEGAL_PERSON' }) @IsIn(APPLICANT_TYPES) type: string;
  @ApiProperty({ example: '郑州市好味道餐饮有限公司' }) @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ enum: ID_TYPES, example: 'ID_CARD' })
  @ValidateIf((o: ApplicantDto) => o.type === 'NATURAL_PERSON' || o.idType !== undefined)
  @IsIn(ID_TYPES)
  idType?: string;
  @ApiPropertyOptional({ example: '410102199001011234' })
  @ValidateIf((o: ApplicantDto) => o.type === 'NATURAL_PERSON' || o.idNumber !== undefined)
  @IsString()
  @Length(4, 40)
  idNumber?: string;
  @ApiPropertyOptional({ example: '91410100MA44XXXX0J', description: '统一社会信用代码, required for legal persons' })
  @ValidateIf((o: ApplicantDto) => o.type === 'LEGAL_PERSON' || o.uscc !== undefined)
  @Matches(USCC, { message: 'uscc must be an 18-character unified social credit code' })
  uscc?: string;
  @ApiPropertyOptional({ example: '法定代表人 王五' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  legalRepresentative?: string;
  @ApiPropertyOptional({ example: '13800138000' }) @IsOptional() @Matches(/^[0-9+\-() ]{5,20}$/) phone?: string;
  @ApiPropertyOptional({ example: '郑州市金水区花园路1号' }) @IsOptional() @IsString() @Length(1, 300) address?: string;
}
