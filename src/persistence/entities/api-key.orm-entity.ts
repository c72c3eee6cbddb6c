import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_key')
export class ApiKeyOrm {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') department: string;
  @Column('text', { array: true }) scopes: string[];
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('text') prefix: string;
  @Column('text', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
