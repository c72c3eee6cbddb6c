import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ServiceItemOrm } from '../../../persistence/entities/index.js';
import { ItemRequestDto } from './item.request.dto.js';

export class ItemResponseDto extends ItemRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 1 }) declare version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(row: ServiceItemOrm): ItemResponseDto {
    return {
      ...(row.data as unknown as ItemRequestDto),
      id: row.id,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class ItemPageDto {
  @ApiProperty({ type: [ItemResponseDto] }) items: ItemResponseDto[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}
