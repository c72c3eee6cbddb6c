import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsRealDate, IsRealDateTime } from '../../../shared/http/dates.js';
import { NestedObjects } from '../../../shared/http/nested-objects.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CalendarDayDto {
  @ApiProperty({ example: '2026-02-16' }) @Matches(DATE, { message: 'date must be YYYY-MM-DD' }) date: string;
  @ApiPropertyOptional({ example: '春节' }) @IsOptional() @IsString() @MaxLength(100) name?: string;
}

export class WorkingHoursDto {
  @ApiProperty({ example: '09:00' }) @Matches(HHMM, { message: 'start must be HH:MM' }) start: string;
  @ApiProperty({ example: '12:00' }) @Matches(HHMM, { message: 'end must be HH:MM' }) end: string;
}

/** Body of PUT /calendars/{region}/{year}: the official holiday notice of that year, as data. */
export class PutCalendarRequestDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @ArrayMaxSize(366)
  @NestedObjects(() => CalendarDayDto)
  holidays: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto], description: '调休上班: weekend days that are working days' })
  @ArrayMaxSize(366)
  @NestedObjects(() => CalendarDayDto)
  makeupWorkdays: CalendarDayDto[];
  @ApiPropertyOptional({ example: '国办发明电〔2025〕7号' }) @IsOptional() @IsString() @MaxLength(300) source?: string;
  @ApiPropertyOptional({
    type: [WorkingHoursDto],
    description: "The region's working hours for hour limits (default 09:00–12:00, 13:30–17:30 Asia/Shanghai)",
  })
  @IsOptional()
  @ArrayMaxSize(6)
  @NestedObjects(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto[];
}

export class CalendarView {
  @ApiProperty({ example: 'CN', description: "'CN' (national) or a 6-digit region that overrides it" }) region: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ type: [CalendarDayDto], example: [{ date: '2026-02-16', name: '春节' }] }) holidays: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto], example: [{ date: '2026-02-14', name: '春节调休' }] })
  makeupWorkdays: CalendarDayDto[];
  @ApiPropertyOptional({ type: String, nullable: true, example: '国办发明电〔2025〕7号' }) source: string | null;
  @ApiProperty({
    type: [WorkingHoursDto],
    example: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ],
  })
  workingHours: WorkingHoursDto[];
  @ApiPropertyOptional({ description: 'PUT only: open cases whose due dates are being recomputed' })
  recomputeScheduled?: number;
}

export class AddWorkingDaysQueryDto {
  @ApiProperty({ example: '2026-02-13', description: 'Local date (Asia/Shanghai); itself not counted' })
  @IsRealDate()
  from: string;
  @ApiProperty({ example: 5, minimum: 0, maximum: 3650 }) @Type(() => Number) @IsInt() @Min(0) @Max(3650) days: number;
}

export class AddWorkingDaysView {
  @ApiProperty({ example: '2026-02-27', description: 'The Nth working day after `from`' }) date: string;
  @ApiProperty({ example: '2026-02-27T15:59:59.999Z', description: 'End of that day (24:00 local) as an instant' })
  dueAt: string;
}

export class AddWorkingHoursQueryDto {
  @ApiProperty({ example: '2026-02-13T10:00:00+08:00', description: 'An instant with a zone (Z or ±hh:mm)' })
  @IsString()
  @MaxLength(40)
  @IsRealDateTime()
  from: string;
  @ApiProperty({ example: 4, minimum: 0, maximum: 10000 })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(10000)
  hours: number;
}

export class AddWorkingHoursView {
  @ApiProperty({ example: '2026-02-14T07:00:00.000Z' }) at: string;
}
