import {
  CalendarDay,
  CalendarQuery,
  DayParam,
  Ok,
  PutCalendarDayRequest,
  PutTermsRequest,
  SchoolCalendarResponse,
} from '@baoxue/shared';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import * as service from './calendar.service';

export async function calendarRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: '校历：学年的学期与放假、调休上课日',
        querystring: CalendarQuery,
        response: { 200: SchoolCalendarResponse },
      },
    },
    (request) => service.getCalendar(contextOf(request), request.query.schoolYear),
  );
  app.put(
    '/calendar/terms',
    {
      config: { permission: 'calendar.edit' },
      schema: {
        tags: ['calendar'],
        summary: '设置学年的学期起止日期（整体替换）',
        body: PutTermsRequest,
        response: { 200: SchoolCalendarResponse },
      },
    },
    (request) => service.putTerms(contextOf(request), request.body),
  );
  app.put(
    '/calendar/days/:day',
    {
      config: { permission: 'calendar.edit' },
      schema: {
        tags: ['calendar'],
        summary: '标记放假日或调休上课日',
        params: DayParam,
        body: PutCalendarDayRequest,
        response: { 200: CalendarDay },
      },
    },
    (request) => service.putDay(contextOf(request), request.params.day, request.body),
  );
  app.delete(
    '/calendar/days/:day',
    {
      config: { permission: 'calendar.edit' },
      schema: { tags: ['calendar'], summary: '取消日期标记', params: DayParam, response: { 200: Ok } },
    },
    async (request) => {
      await service.deleteDay(contextOf(request), request.params.day);
      return { ok: true as const };
    },
  );
}
