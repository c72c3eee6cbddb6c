import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../shared/auth/decorators.js';
import { AppError } from '../../../shared/errors/app-error.js';
import type { WorkingCalendar } from '../../../engine/index.js';
import { CalendarProvider } from '../../cases/application/calendar-provider.js';
import {
  AddWorkingDaysQueryDto,
  AddWorkingDaysView,
  AddWorkingHoursQueryDto,
  AddWorkingHoursView,
  CalendarView,
  PutCalendarRequestDto,
} from './calendar.dto.js';
import { CalendarService, checkRegion } from './calendar.service.js';

const yearPipe = new ParseIntPipe({
  exceptionFactory: () => AppError.badRequest('CALENDAR.INVALID_YEAR', 'The year must be a number'),
});

function checkYear(year: number): number {
  if (year < 2000 || year > 2100) throw AppError.badRequest('CALENDAR.INVALID_YEAR', 'The year must be 2000–2100');
  return year;
}

/**
 * Arithmetic through a year without its holiday notice would count it as weekends only and answer a
 * date that looks right but is not (New Year's Day as a working day): refuse it instead.
 */
function requireLoadedYears(cal: WorkingCalendar, region: string, from: string, to: string): void {
  const first = Number(cal.localDate(from).slice(0, 4));
  const last = Number(cal.localDate(to).slice(0, 4));
  const loaded = cal.loadedYears ?? [];
  const missing: number[] = [];
  for (let y = Math.min(first, last); y <= Math.max(first, last); y++) if (!loaded.includes(y)) missing.push(y);
  if (missing.length)
    throw AppError.invalid(
      'CALENDAR.YEAR_NOT_LOADED',
      `No holiday calendar is loaded for ${missing.join(', ')} (region ${region}); loaded: ${loaded.join(', ') || 'none'}`,
      missing.map((y) => ({
        code: 'CALENDAR.YEAR_NOT_LOADED',
        message: `PUT /calendars/CN/${y} first`,
        path: String(y),
      })),
    );
}

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('calendars')
@ApiResponse({
  status: 400,
  description:
    'CALENDAR.INVALID_REGION / CALENDAR.INVALID_YEAR / VALIDATION.FAILED (an impossible date) / ' +
    'CALENDAR.OUT_OF_RANGE (a date or a result outside the calendar years)',
})
export class CalendarsHttpController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly provider: CalendarProvider,
  ) {}

  // Declared before ':region/:year' so the literal segment wins.
  @Get(':region/add-working-days')
  @Roles('window', 'handler', 'leader', 'supervisor', 'process-admin')
  @ApiOperation({
    summary: 'The Nth working day after a date',
    description:
      "The start date is not counted (Civil Code Art.201); the region's calendar overrides the national one. " +
      'The arithmetic covers the published calendar years widened by 10 years on each side (2000–2100 without ' +
      'any calendar); a start or a result outside is CALENDAR.OUT_OF_RANGE. A span that reaches a year whose ' +
      'holiday notice is not loaded is 422 CALENDAR.YEAR_NOT_LOADED (it would be counted as weekends only).',
  })
  @ApiOkResponse({ type: AddWorkingDaysView })
  @ApiResponse({
    status: 422,
    description: 'CALENDAR.YEAR_NOT_LOADED: the span reaches a year with no calendar loaded',
  })
  async addWorkingDays(
    @Param('region') region: string,
    @Query() q: AddWorkingDaysQueryDto,
  ): Promise<AddWorkingDaysView> {
    checkRegion(region);
    const cal = await this.provider.forRegion(region);
    const dueAt = cal.addWorkingDays(q.from, q.days);
    requireLoadedYears(cal, region, q.from, dueAt);
    return { date: cal.localDate(dueAt), dueAt };
  }

  @Get(':region/add-working-hours')
  @Roles('window', 'handler', 'leader', 'supervisor', 'process-admin')
  @ApiOperation({
    summary: "An instant N working hours later, inside the region's working hours",
    description: 'Same year range as add-working-days: outside it the answer is CALENDAR.OUT_OF_RANGE.',
  })
  @ApiOkResponse({ type: AddWorkingHoursView })
  @ApiResponse({
    status: 422,
    description: 'CALENDAR.YEAR_NOT_LOADED: the span reaches a year with no calendar loaded',
  })
  async addWorkingHours(
    @Param('region') region: string,
    @Query() q: AddWorkingHoursQueryDto,
  ): Promise<AddWorkingHoursView> {
    checkRegion(region);
    const cal = await this.provider.forRegion(region);
    const from = new Date(q.from).toISOString();
    const at = cal.addWorkingHours(from, q.hours);
    requireLoadedYears(cal, region, from, at);
    return { at };
  }

  @Get(':region/:year')
  @Roles('window', 'handler', 'leader', 'supervisor', 'process-admin')
  @ApiOperation({ summary: "A region's holidays and make-up workdays (调休) of a year, and its working hours" })
  @ApiOkResponse({ type: CalendarView })
  @ApiResponse({ status: 404, description: 'CALENDAR.NOT_FOUND' })
  get(@Param('region') region: string, @Param('year', yearPipe) year: number): Promise<CalendarView> {
    return this.calendars.get(region, checkYear(year));
  }

  @Put(':region/:year')
  @Roles('admin')
  @ApiOperation({
    summary: "Replace a year's calendar (admin)",
    description:
      "'CN' is the national calendar; a 6-digit region overrides it date by date. Open cases of the region " +
      'get their due dates recomputed by a deadline job each.',
  })
  @ApiOkResponse({ type: CalendarView })
  @ApiResponse({ status: 422, description: 'CALENDAR.INVALID (dates outside the year, duplicates, bad hours)' })
  put(
    @Param('region') region: string,
    @Param('year', yearPipe) year: number,
    @Body() body: PutCalendarRequestDto,
  ): Promise<CalendarView> {
    return this.calendars.put(region, checkYear(year), body);
  }
}
