import {
  DictionaryCategoryParam,
  DictionaryEntry,
  DictionaryEntryInput,
  UpdateDictionaryEntry,
} from '@baoxue/shared';
import { z } from 'zod';
import type { ApiInstance } from '../../plugins/api';
import { contextOf } from '../../plugins/auth';
import * as service from './dictionaries.service';

const EntryParams = DictionaryCategoryParam.extend({ code: z.string().regex(/^[a-z0-9_]{1,40}$/) });
const edit = { permission: 'dictionaries.edit' } as const;

export async function dictionariesRoutes(app: ApiInstance): Promise<void> {
  app.get(
    '/dictionaries',
    { schema: { tags: ['dictionaries'], summary: '数据字典', response: { 200: z.array(DictionaryEntry) } } },
    (request) => service.listDictionaries(contextOf(request)),
  );
  app.post(
    '/dictionaries/:category',
    {
      config: edit,
      schema: {
        tags: ['dictionaries'],
        summary: '新增字典项',
        params: DictionaryCategoryParam,
        body: DictionaryEntryInput,
        response: { 201: DictionaryEntry },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addEntry(contextOf(request), request.params.category, request.body)),
  );
  app.patch(
    '/dictionaries/:category/:code',
    {
      config: edit,
      schema: {
        tags: ['dictionaries'],
        summary: '修改或停用字典项',
        params: EntryParams,
        body: UpdateDictionaryEntry,
        response: { 200: DictionaryEntry },
      },
    },
    (request) =>
      service.updateEntry(contextOf(request), request.params.category, request.params.code, request.body),
  );
}
