/** Mailer over SES v2 (locally the aws-ses-v2-local capture). */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailMessage, Mailer } from '../app/ports.js';
import { InfraError, translate } from './errors.js';

/**
 * `"Name" <address>`: the display name in quotes, as an RFC 2047 encoded word when it is not plain
 * ASCII (SES refuses raw UTF-8 there); characters that would break the header are dropped.
 */
export function fromHeader(address: string, name: string | undefined): string {
  const clean = name?.replace(/["\\<>\r\n]/g, '').trim();
  if (!clean) return address;
  return /^[\x20-\x7e]*$/.test(clean) ? `"${clean}" <${address}>` : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?= <${address}>`;
}

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    /** The verified sender address; each message may give the display name (the provider's, or white-label the reseller's). */
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      // Imported here, not at the top: only the function that mails loads the SES client (issue 9 item 5).
      const { SendEmailCommand } = await import('@aws-sdk/client-sesv2');
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: fromHeader(this.from, message.fromName),
          Destination: { ToAddresses: [message.to] },
          ...(message.replyTo !== undefined && { ReplyToAddresses: [message.replyTo] }),
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                ...(message.html !== undefined && { Html: { Data: message.html, Charset: 'UTF-8' } }),
              },
              ...(message.attachments !== undefined && message.attachments.length > 0 && {
                Attachments: message.attachments.map((a) => ({ FileName: a.fileName, ContentType: a.contentType, RawContent: a.content, ContentDisposition: 'ATTACHMENT' as const, ContentTransferEncoding: 'BASE64' as const })),
              }),
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
