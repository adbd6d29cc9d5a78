/**
 * Errors of the storage layer. All extend the core's `DropwireError`.
 */
import { DropwireError } from '../core/errors.ts';

/** The object an event named is gone (deleted before it could be read). */
export class ObjectNotFoundError extends DropwireError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObjectNotFoundError';
  }
}

/** The object is larger than the ingest function reads. */
export class ObjectTooLargeError extends DropwireError {
  public readonly sizeBytes: number;
  public readonly maxBytes: number;

  public constructor(sizeBytes: number, maxBytes: number) {
    super(`object is ${sizeBytes} bytes; the limit is ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
  }
}

/** An article's item would exceed DynamoDB's 400 KB item limit. */
export class ArticleTooLargeError extends DropwireError {
  public readonly itemBytes: number;

  public constructor(articleId: string, itemBytes: number, maxBytes: number) {
    super(
      `article ${articleId} needs a ${itemBytes}-byte item; DynamoDB items are limited to ${maxBytes} bytes`
    );
    this.name = 'ArticleTooLargeError';
    this.itemBytes = itemBytes;
  }
}

/** DynamoDB refused a write for a reason other than a lost race. */
export class ArticleStoreError extends DropwireError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ArticleStoreError';
  }
}

/**
 * The object changed after the event was sent (its ETag no longer matches):
 * the newer version has an event of its own, so this one has nothing to do.
 */
export class ObjectChangedError extends DropwireError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ObjectChangedError';
  }
}
