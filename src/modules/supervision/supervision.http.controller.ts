import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../shared/auth/decorators.js';
import type { Page } from '../../shared/http/pagination.js';
import {
  AlertPageDto,
  type AlertView,
  ListAlertsRequestDto,
  StatsRequestDto,
  StatsView,
} from './dtos/supervision.dto.js';
import { SupervisionReader } from './supervision.reader.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('supervision')
export class SupervisionHttpController {
  constructor(private readonly reader: SupervisionReader) {}

  @Get('alerts')
  @ApiOperation({
    summary: 'Supervision alerts (电子监察): warnings, yellow and red cards',
    description: 'Newest first. Filters combine with AND; `department` is the node department for node alerts.',
  })
  @ApiOkResponse({ type: AlertPageDto })
  alerts(@Query() q: ListAlertsRequestDto): Promise<Page<AlertView>> {
    return this.reader.alerts(q);
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Statistics per department or item for cases received in a period',
    description:
      'received, closed, on-time rate (decided by the promised due date), average working days used, ' +
      'compression rate (1 − used/legal limit), open and overdue counts, and alert counts.',
  })
  @ApiOkResponse({ type: StatsView })
  stats(@Query() q: StatsRequestDto): Promise<StatsView> {
    return this.reader.stats(q);
  }
}
