import { type Database, markMailAttemptFailed, markMailSent, pendingMail } from "@tsunagu/db";
import nodemailer from "nodemailer";
import type { Logger } from "../lib/logger";

/** What the sender needs of a mail transport (nodemailer's `Transporter` has it). */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface MailSenderOptions {
  database: Database;
  logger: Logger;
  transport: MailTransport;
  /** The From header (config MAIL_FROM). */
  from: string;
  /** How often to look for pending mail, ms. Default 5000. */
  pollMs?: number;
  /** Attempts before a message is marked failed. Default 5. */
  maxAttempts?: number;
  now?: () => Date;
}

export interface MailSender {
  start(): void;
  stop(): void;
  /** Delivers what is pending now; answers how many were sent. */
  deliverPending(): Promise<number>;
}

/** An SMTP transport from a URL such as smtp://user:pass@host:587 (config SMTP_URL). */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url);
}

/**
 * Delivers the mail outbox. A message is written in the same transaction as
 * the link it carries; this sends it and forgets its body. Delivery is at
 * least once: a crash between sending and marking may send it again. The log
 * names message ids only, never addresses or links.
 */
export function createMailSender(options: MailSenderOptions): MailSender {
  const { database, logger, transport, from } = options;
  const pollMs = options.pollMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 5;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<number> | undefined;

  async function deliver(): Promise<number> {
    let sent = 0;
    for (const message of await pendingMail(database.db, 50)) {
      if (message.body === null) continue;
      try {
        await transport.sendMail({
          from,
          to: message.toAddress,
          subject: message.subject,
          text: message.body,
        });
        await markMailSent(database.db, message.id, now());
        sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn("mail not sent", { messageId: message.id, reason });
        await markMailAttemptFailed(database.db, message.id, reason, maxAttempts);
      }
    }
    return sent;
  }

  const deliverPending = () => {
    busy ??= deliver().finally(() => {
      busy = undefined;
    });
    return busy;
  };

  return {
    deliverPending,
    start() {
      timer ??= setInterval(() => {
        deliverPending().catch((error: unknown) =>
          logger.error("mail outbox failed", {
            message: error instanceof Error ? error.message : String(error),
          }),
        );
      }, pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
