import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('process_definition')
export class ProcessDefinitionOrm {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') key: string;
  @Column('integer') version: number;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text') xml: string;
  @Column('text', { name: 'xml_hash' }) xmlHash: string;
  @Column('text', { name: 'resource_name', nullable: true }) resourceName: string | null;
  @Column('text') source: string;
  @Column('text', { name: 'deployed_by', nullable: true }) deployedBy: string | null;
  @Column('timestamptz', { name: 'deployed_at' }) deployedAt: Date;
}
