import { Query } from '@nestjs/cqrs';
import type { ProcessDefinitionOrm } from '../../../../persistence/entities/index.js';

/** By id, or the latest version of a key. */
export class GetDefinitionQuery extends Query<ProcessDefinitionOrm> {
  constructor(readonly by: { id: string } | { key: string }) {
    super();
  }
}
