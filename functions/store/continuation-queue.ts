/**
 * ContinuationQueue: where the ingest function sends the rest of a file it
 * could not finish in one invocation.
 *
 * In AWS that is the ingest queue itself (`SendMessage` on `INGEST_QUEUE_URL`,
 * granted by the stack); local mode passes its in-process queue. Either
 * way the message comes back to the same handler as any other.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';

/** Sends a message body to the ingest queue. */
export interface ContinuationQueue {
  send(body: string): Promise<void>;
}

/** Options of {@link SqsContinuationQueue}. */
export interface SqsContinuationQueueOptions {
  /**
   * The client, or a function that makes it on the first continuation
   * (the Lambda's: see `sharedSqsClient`), so that a container that
   * never continues a file never loads the SQS SDK.
   */
  readonly client: SQSClient | (() => Promise<SQSClient>);
  /** The ingest queue's URL. */
  readonly queueUrl: string;
}

/** The ingest queue in SQS. */
export class SqsContinuationQueue implements ContinuationQueue {
  readonly #client: SQSClient | (() => Promise<SQSClient>);
  readonly #queueUrl: string;

  public constructor(options: SqsContinuationQueueOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  /** Sends `body`; throws if SQS refuses it (the message is then retried). */
  public async send(body: string): Promise<void> {
    const client =
      typeof this.#client === 'function' ? await this.#client() : this.#client;
    // Imported here for the same reason as the client: see the option.
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: body })
    );
  }
}
