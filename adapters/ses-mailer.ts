/** Mailer over SES v2 (locally the aws-ses-v2-local capture). */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../app/ports.js';
import { InfraError, translate } from './errors.js';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
  ) {}

  async send(message: { to: string; subject: string; text: string; html?: string; key: string }): Promise<{ messageId: string }> {
    try {
      // Imported here, not at the top: only the function that mails loads the SES client (issue 9 item 5).
      const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                ...(message.html !== undefined && { Html: { Data: message.html, Charset: 'UTF-8' } }),
              },
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? message.key };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'MessageRejected' || name === 'BadRequestException') {
        throw new InfraError('mail.rejected', `SES refused ${message.key}: ${(error as Error).message}`, { key: message.key }, { cause: error });
      }
      throw translate(error, 'mail.unavailable', `send ${message.key}`);
    }
  }
}
