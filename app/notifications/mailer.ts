import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one e-mail; rejects if the SMTP server did not accept it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * How long one SMTP exchange may take, each step: well below a job lease (app/jobs/leased-schedule.ts), so a mail
 * being sent never outlives the lease of the process sending it.
 */
const SMTP_TIMEOUT_MS = 15_000;

/** A mailer over SMTP_URL (nodemailer), from MAIL_FROM; without SMTP_URL there is none and notices stay in the portal. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (smtpUrl === undefined) return undefined;
  const transport = nodemailer.createTransport(
    {
      url: smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    },
    { from },
  );
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
  };
}
