import { Module } from '@nestjs/common';
import { ApiKeyVerifier } from '../../shared/auth/api-key-verifier.js';
import { ApiKeysHttpController } from './commands/create-api-key/api-keys.http.controller.js';
import { CreateApiKeyHandler } from './commands/create-api-key/create-api-key.handler.js';
import { DatabaseApiKeyVerifier } from './application/database-api-key-verifier.js';
import { MeHttpController } from './me.http.controller.js';
import { DevLoginHttpController } from './commands/dev-login/dev-login.http.controller.js';

@Module({
  controllers: [MeHttpController, ApiKeysHttpController, DevLoginHttpController],
  providers: [CreateApiKeyHandler, { provide: ApiKeyVerifier, useClass: DatabaseApiKeyVerifier }],
  exports: [ApiKeyVerifier],
})
export class AuthModule {}
