// Outgoing mail: SMTP through nodemailer when SMTP_URL is set; otherwise, outside production, each
// message is written to <DATA_DIR>/mail/ as an .eml file and the log names the file, so a quick
// start needs no mail server. In production without SMTP_URL mail is off: the operations that
// would send some refuse with a clear error instead of promising a message that never leaves.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** False in production without SMTP_URL: nothing can be sent. */
  readonly enabled: boolean;
  /** The base URL of links in mail (APP_URL); `{tenant}` in it stands for the tenant's slug. */
  readonly appUrl: string;
  /** Sends one message; resolves once the SMTP server (or the file) has it, throws otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP deadlines: the mail handler holds a database transaction while it sends. */
const SMTP_TIMEOUT_MS = 15_000;

export function createMailer(config: Pick<Config, 'mail' | 'isProduction'>, log: Logger): Mailer {
  const { smtpUrl, from, dir } = config.mail;
  if (smtpUrl) {
    const transport: Transporter = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return {
      enabled: true,
      appUrl: config.mail.appUrl,
      send: async (m) => {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      },
      close: () => transport.close(),
    };
  }
  if (config.isProduction) {
    return {
      enabled: false,
      appUrl: config.mail.appUrl,
      send: () => Promise.reject(new Error('Mail is not configured (SMTP_URL)')),
      close: () => undefined,
    };
  }
  // The whole RFC 822 message, as an SMTP server would have received it.
  const composer: Transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    enabled: true,
    appUrl: config.mail.appUrl,
    send: async (m) => {
      const info = (await composer.sendMail({ from, to: m.to, subject: m.subject, text: m.text })) as { message: Buffer };
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
      await writeFile(file, info.message, { mode: 0o600 });
      log.info({ file, subject: m.subject }, 'mail written to a file (no SMTP_URL)');
    },
    close: () => undefined,
  };
}
