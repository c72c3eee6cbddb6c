import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The searchable columns of an item; the full document (domain.md §2.2) lives in `data`. */
@Entity('service_item')
export class ServiceItemOrm {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text', { name: 'item_type' }) itemType: string;
  @Column('text') level: string;
  @Column('text', { name: 'region_code' }) regionCode: string;
  @Column('text') department: string;
  @Column('text', { name: 'process_key' }) processKey: string;
  @Column('text', { name: 'handling_type' }) handlingType: string;
  @Column('text') status: string;
  @Column('integer') version: number;
  @Column('date', { name: 'effective_from', nullable: true }) effectiveFrom: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
