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
  readonly #makeClient: () => Promise<SQSClient>;
  #client: Promise<SQSClient> | undefined;
  readonly #queueUrl: string;

  public constructor(options: SqsContinuationQueueOptions) {
    const { client } = options;
    this.#makeClient =
      typeof client === 'function' ? client : () => Promise.resolve(client);
    this.#queueUrl = options.queueUrl;
  }

  /** Sends `body`; throws if SQS refuses it (the message is then retried). */
  public async send(body: string): Promise<void> {
    // A failure to make the client is not kept: the next message tries again.
    this.#client ??= this.#makeClient().catch((error: unknown) => {
      this.#client = undefined;
      throw error;
    });
    const client = await this.#client;
    // Imported here for the same reason as the client: see the option.
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: body })
    );
  }
}
