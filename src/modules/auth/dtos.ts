import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import type { ApiKeyOrm } from '../../persistence/entities/index.js';
import { API_KEY_SCOPES } from './domain/api-key-secret.js';

export class CreateApiKeyRequestDto {
  @ApiProperty({ example: '规划局审图系统' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: '410100-ZRZY', description: 'The department the system acts for' })
  @IsString()
  @Length(1, 64)
  department: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['external-tasks', 'messages:write'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: string[];
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() department: string;
  @ApiProperty({ isArray: true, enum: API_KEY_SCOPES }) scopes: string[];
  @ApiProperty({ example: 'AbCd1234', description: 'First characters of the secret, to recognise it' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedAt: string | null;

  static from(row: ApiKeyOrm): ApiKeyResponseDto {
    return {
      id: row.id,
      name: row.name,
      department: row.department,
      scopes: row.scopes,
      prefix: row.prefix,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Shown once, in the first answer; only a hash is stored. A replay of the same Idempotency-Key answers ' +
      '`null` here (with `Idempotent-Withheld: secret`): a lost secret cannot be fetched again — revoke the key and create another.',
    example: 'tbk_AbCd1234_...',
  })
  secret: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ example: 3, description: 'Keys matching, over all pages' }) total: number;
  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}
