import { Module } from '@nestjs/common';
import { SaveItemHandler } from './commands/save-item/save-item.handler.js';
import { SaveItemHttpController } from './commands/save-item/save-item.http.controller.js';
import { ListItemsHandler } from './queries/list-items/list-items.handler.js';
import { ListItemsHttpController } from './queries/list-items/list-items.http.controller.js';

@Module({
  controllers: [SaveItemHttpController, ListItemsHttpController],
  providers: [SaveItemHandler, ListItemsHandler],
})
export class ItemsModule {}
