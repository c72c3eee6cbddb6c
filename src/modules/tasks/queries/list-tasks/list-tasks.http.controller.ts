import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../../../shared/auth/decorators.js';
import { Authorise } from '../../../../shared/auth/authorise.decorator.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { type TaskPage, TaskPageDto, TaskView } from '../../dtos/task.view.js';
import { ListTasksRequestDto } from './list-tasks.request.dto.js';
import { GetTaskQuery, ListTasksQuery } from './list-tasks.query.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class ListTasksHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Authorise('task.list')
  @ApiOperation({
    summary: 'Your inbox (待办), or a filtered task list',
    description: 'By default the open tasks you may work on, oldest first. Handlers see only their department.',
  })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiResponse({ status: 403, description: 'TASK.DEPARTMENT_FORBIDDEN' })
  list(@Query() q: ListTasksRequestDto, @CurrentPrincipal() p: Principal): Promise<TaskPage> {
    return this.queries.execute(new ListTasksQuery(q, p));
  }

  @Get(':id')
  @Authorise('task.read')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse({ type: TaskView })
  @ApiNotFoundResponse({ description: 'TASK.NOT_FOUND (also for tasks of other departments)' })
  get(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<TaskView> {
    return this.queries.execute(new GetTaskQuery(id, p));
  }
}
