import { describe, expect, it } from 'vitest';
import {
  isBoilerplate,
  stripBoilerplate,
} from '../../../../functions/core/clean/strip-boilerplate.ts';
import { list } from '../../../../functions/core/draft.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: stripBoilerplate', () => {
  it.each([
    'Share this article',
    'Share on WhatsApp',
    'Advertisement',
    'Story continues below advertisement',
    'Source link',
    'Scroll to Top',
    '5 min read',
    'Updated 2 hours ago',
    'Read more: Ministers face questions over the budget',
    'Lire aussi : la fréquentation retrouve son niveau',
    'PUEDES VER: ¿Qué cambia con la nueva ley de puertos?',
    'Zobacz także: Rząd przyjął plan dla portów',
    'Follow us on Twitter @PA for the latest updates.',
    'Copyright © 2023 PA Media. All rights reserved.',
    'We use cookies to give you the best experience on our website.',
    'Broaden your horizons with award-winning British journalism. Try The Telegraph free for 1 month, then enjoy 1 year for just $9 with our US-exclusive offer.',
    'Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST',
    'Subscribe now for unlimited digital access from just £1 a week.',
    'Le Monde avec AFP',
    'Reuse this content',
  ])('removes "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'The newsletter, which has 40,000 subscribers, said the offer was withdrawn after complaints from readers who had signed up for the free trial in good faith and were later charged.',
    'Shares in the company fell 4% on Monday.',
    'He said the council would print fewer leaflets.',
    'Readers can still access the archive.',
  ])('keeps the news sentence "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(false);
  });

  it.each([
    'Was this article helpful?',
    'How useful was this post? Click on a star to rate it!',
    'Like Loading...',
    'Gefällt mir Wird geladen …',
    'Spotted an error in this story? Let us know.',
    'Have you found a mistake? Write to the desk.',
    'What do you think? Tell us in the comments below.',
    'We want to hear what you think about this story. Send a note to the editors.',
    'War der Artikel hilfreich? (12 Stimmen)',
    'Fehler gefunden? Jetzt melden.',
    'Möchten Sie den Artikel teilen?',
    'Vous avez repéré une erreur ? Écrivez-nous.',
    '¿Has encontrado un error? Avísanos.',
  ])('removes the reader prompt "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Jede kleine Spende hilft den Helfern vor Ort!',
    'Unterstützen Sie unsere Arbeit mit einem Beitrag.',
    'Síguenos en Telegram e Instagram para recibir las noticias.',
    'Suivez-nous sur Facebook et Instagram.',
    'Hazte miembro y disfruta de beneficios exclusivos',
    'Zapraszamy do subskrypcji naszego tygodnika.',
    'Local reporting costs money. If you value it, please consider making a contribution today.',
    'We rely on readers like you. Please donate to keep the paper free to read.',
  ])('removes the appeal "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'This post contains affiliate links. Read our disclosure policy.',
    'If you buy something through the links on this page, we may earn a small commission.',
    'Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.',
    'Anzeige, enthält Affiliate Links',
    '*Werbung. Dieser Beitrag enthält Werbung für eine Hafenrundfahrt.',
    'Cet article contient des liens affiliés.',
    '- Anzeige -',
    'Publicidad',
  ])('removes the disclosure or advertising label "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Inspectors found a mistake in the ballot count, and the result was corrected on Friday.',
    'Was the decision helpful to the fishermen? The council says it was.',
    'Die Stadt bittet um Spenden für die Opfer des Hochwassers.',
    'Please give us an update on the release that fixes the crash.',
    'The charity asked residents to consider a donation of food rather than money.',
    'The regulator said the broker had earned a commission on every sale it made.',
    'Die Händler erhalten vom Hersteller eine Provision, sagte der Sprecher.',
    'Die Anzeige erschien am Montag in drei Zeitungen.',
  ])('keeps the sentence "%s"', (line) => {
    // Assess
    expect(isBoilerplate(line)).toBe(false);
  });

  it('cuts the footer from "About The Author" to the end', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      prose(),
      prose(),
      'About The Author',
      'Jane writes about housing.',
    ]);

    // Act
    const out = stripBoilerplate(draft);

    // Assess
    expect(texts(out)).toEqual([prose(), prose(), prose()]);
  });

  it('removes only the marker when it appears early in the body', () => {
    // Prepare
    const draft = draftOf([
      'Related articles',
      prose(20, 'minister'),
      prose(),
      prose(),
      prose(),
    ]);

    // Act
    const out = stripBoilerplate(draft);

    // Assess
    expect(out.body).toHaveLength(4);
    expect(texts(out)[0]).toBe(prose(20, 'minister'));
  });

  it('removes a related-content module with its headlines', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      'More on this story',
      'Storm Agnes: What you need to know',
      'Your pictures of the storm',
      prose(20, 'forecaster'),
    ]);

    // Act
    const out = stripBoilerplate(draft);

    // Assess
    expect(texts(out)).toEqual([prose(), prose(20, 'forecaster')]);
  });

  it('removes a share bar laid out as a list, and keeps a list of facts', () => {
    // Prepare
    const draft = {
      ...draftOf([prose()]),
      body: [
        { type: 'paragraph' as const, text: prose() },
        list(['Facebook', 'X', 'Email']),
        list(['Whooper swans: 4,112', 'Facebook posts: 38']),
      ],
    };

    // Act
    const out = stripBoilerplate(draft);

    // Assess
    expect(texts(out)).toEqual([
      prose(),
      '- Whooper swans: 4,112\n- Facebook posts: 38',
    ]);
  });
});
