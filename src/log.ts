// Structured JSON logs. Secrets never reach them: authorization headers, tokens and passwords are redacted.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** `destination` is for tests that read the lines; stdout otherwise. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'leopard-graphql' },
      redact: {
        paths: [
          'req.headers.authorization',
          '*.password',
          '*.accessToken',
          '*.refreshToken',
          '*.token',
          'variables.input.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
