import { describe, expect, it } from 'vitest';
import {
  liftImages,
  splitCaption,
} from '../../../../functions/core/clean/lift-images.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: liftImages', () => {
  it.each([
    [
      'Vladimir Putin gifted the North Korean dictator a rifle – STR/KCNA VIA KNS/AFP via Getty Images',
      'Vladimir Putin gifted the North Korean dictator a rifle',
      'STR/KCNA VIA KNS/AFP via Getty Images',
    ],
    [
      'A pedestrian walks past the Bank of England. REUTERS/Toby Melville',
      'A pedestrian walks past the Bank of England.',
      'REUTERS/Toby Melville',
    ],
    [
      'Birmingham council house on Victoria Square. Photograph: Christopher Furlong/Getty Images',
      'Birmingham council house on Victoria Square.',
      'Christopher Furlong/Getty Images',
    ],
    [
      'Chuck Schumer speaks to reporters at the Capitol. (AP Photo/J. Scott Applewhite)',
      'Chuck Schumer speaks to reporters at the Capitol.',
      'AP Photo/J. Scott Applewhite',
    ],
    [
      'Junior doctors on the picket line outside St Thomas’ Hospital (Yui Mok/PA)',
      'Junior doctors on the picket line outside St Thomas’ Hospital',
      'Yui Mok/PA',
    ],
    [
      'A helicopter drops water over a burning forest. EPA-EFE/GEORGE VITSARAS',
      'A helicopter drops water over a burning forest.',
      'EPA-EFE/GEORGE VITSARAS',
    ],
    [
      'Margaret Hale in her shop in Bewdley. Photograph: Jamie Brook/The Observer',
      'Margaret Hale in her shop in Bewdley.',
      'Jamie Brook/The Observer',
    ],
    [
      'Kim Jong-un – the leader – waves from his train – Reuters',
      'Kim Jong-un – the leader – waves from his train',
      'Reuters',
    ],
  ])('splits "%s"', (line, caption, credit) => {
    // Assess
    expect(splitCaption(line)).toEqual({ caption, credit });
  });

  it.each([
    'He met the delegation – via a translator – on Monday.',
    'The figures, published by Reuters on Monday, were worse than expected.',
    'Prices rose 6.7% in the year to August – the lowest since 2022.',
    'The vote was 31/12 in favour of the scheme.',
    // Data table rows, cells joined by " | ": a figure with a unit is no
    // slash credit.
    'Harbour gauge north | 2.3 GB/s | 0.098 GB/s',
    'Coast road at the old mill | 35 km/h',
  ])('keeps the sentence "%s"', (line) => {
    // Assess
    expect(splitCaption(line)).toBeUndefined();
  });

  it('lifts a bare caption and its credited copy as one image', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      'Protesters gather outside parliament',
      'Protesters gather outside parliament – PA Wire',
      prose(20, 'police'),
    ]);

    // Act
    const out = liftImages(draft);

    // Assess
    expect(texts(out)).toEqual([prose(), prose(20, 'police')]);
    expect(out.images).toEqual([
      { caption: 'Protesters gather outside parliament', credit: 'PA Wire' },
    ]);
  });

  it('joins BBC-style "Image source" and "Image caption" lines', () => {
    // Prepare
    const draft = draftOf([
      'Image source, PA Media',
      'Image caption,',
      'Waves crashed over the sea wall in Porthcawl',
      prose(),
    ]);

    // Act
    const out = liftImages(draft);

    // Assess
    expect(out.images).toEqual([
      {
        caption: 'Waves crashed over the sea wall in Porthcawl',
        credit: 'PA Media',
      },
    ]);
    expect(texts(out)).toEqual([prose()]);
  });

  it('keeps an image source with no caption as a credited image', () => {
    // Prepare
    const draft = draftOf(['Image source, Getty Images', prose()]);

    // Act
    const out = liftImages(draft);

    // Assess
    expect(out.images).toEqual([{ credit: 'Getty Images' }]);
    expect(texts(out)).toEqual([prose()]);
  });
});
