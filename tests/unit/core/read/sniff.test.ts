import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../../../functions/core/errors.ts';
import {
  byteOrderMark,
  concat,
  containerOf,
  streamCharset,
} from '../../../../functions/core/read/sniff.ts';
import { utf8 } from '../helpers.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('Function: containerOf', () => {
  it.each([
    ['gzip', bytes(0x1f, 0x8b, 8, 0), 'gzip'],
    ['a zip', bytes(0x50, 0x4b, 3, 4, 20), 'zip'],
    ['an empty zip', bytes(0x50, 0x4b, 5, 6, 0), 'zip'],
    ['text', utf8('PK is not enough'), undefined],
    ['one byte of gzip magic', bytes(0x1f), undefined],
  ])('tells %s', (_name, head, container) => {
    // Assess
    expect(containerOf(head)).toBe(container);
  });
});

describe('Function: streamCharset', () => {
  it.each([
    ['a UTF-8 BOM', bytes(0xef, 0xbb, 0xbf, 0x7b), 'utf-8'],
    ['a UTF-16 LE BOM', bytes(0xff, 0xfe, 0x7b, 0), 'utf-16le'],
    ['a UTF-16 BE BOM', bytes(0xfe, 0xff, 0, 0x7b), 'utf-16be'],
    [
      'an XML declaration',
      utf8('<?xml version="1.0" encoding="ISO-8859-1"?><rss>'),
      'windows-1252',
    ],
    ['no declaration', utf8('{"title": "x"}\n'), 'utf-8'],
  ])('reads the charset from %s', (_name, head, charset) => {
    // Assess
    expect(streamCharset(head)).toBe(charset);
  });

  it('rejects an XML declaration naming no known charset', () => {
    // Act
    const act = () =>
      streamCharset(utf8('<?xml version="1.0" encoding="x-klingon"?>'));

    // Assess
    expect(act).toThrow(InputRejectedError);
    expect(act).toThrow(
      'the XML declaration names encoding "x-klingon", which is not a known charset'
    );
  });
});

describe('Function: byteOrderMark', () => {
  it('gives the charset and length of a BOM, or nothing', () => {
    // Assess
    expect(byteOrderMark(bytes(0xef, 0xbb, 0xbf))).toEqual({
      charset: 'utf-8',
      length: 3,
    });
    expect(byteOrderMark(bytes(0xfe, 0xff))).toEqual({
      charset: 'utf-16be',
      length: 2,
    });
    expect(byteOrderMark(bytes(0xef, 0xbb))).toBeUndefined();
  });
});

describe('Function: concat', () => {
  it('joins chunks in order, and hands back a single chunk as it is', () => {
    // Prepare
    const one = bytes(1, 2);

    // Act
    const joined = concat([one, bytes(3), bytes()], 3);

    // Assess
    expect(joined).toEqual(bytes(1, 2, 3));
    expect(concat([one], 2)).toBe(one);
  });
});
