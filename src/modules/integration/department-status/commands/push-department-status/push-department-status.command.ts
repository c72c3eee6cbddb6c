import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type {
  DepartmentStatusResponseDto,
  PushDepartmentStatusRequestDto,
} from './push-department-status.request.dto.js';

export class PushDepartmentStatusCommand extends Command<DepartmentStatusResponseDto> {
  constructor(
    readonly caseId: string,
    readonly request: PushDepartmentStatusRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
