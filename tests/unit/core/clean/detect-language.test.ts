import { francAll } from 'franc-min';
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  FUNCTION_WORD_LANGUAGES,
  guessLanguage,
  toIso6391,
  UNKNOWN_TO_FRANC,
} from '../../../../functions/core/clean/detect-language.ts';
import { draftOf } from './helpers.ts';

const SAMPLES: Record<string, string> = {
  en: 'The central bank kept interest rates on hold on Thursday for the first time in nearly two years, a day after data showed that inflation had slowed more sharply than expected.',
  de: 'Die Zentralbank hat den Leitzins am Donnerstag zum ersten Mal seit fast zwei Jahren nicht erhöht, nachdem die Inflation stärker als erwartet gesunken war und die Märkte mit einer Pause gerechnet hatten.',
  fr: 'La banque centrale a maintenu ses taux directeurs jeudi pour la première fois depuis près de deux ans, au lendemain de données montrant que l’inflation a ralenti plus nettement que prévu.',
  es: 'El banco central mantuvo los tipos de interés el jueves por primera vez en casi dos años, un día después de que los datos mostraran que la inflación se había moderado más de lo previsto.',
  ru: 'Центральный банк в четверг впервые почти за два года сохранил процентные ставки без изменений, после того как данные показали, что инфляция замедлилась сильнее, чем ожидалось. Рынки ждали этого решения, но многие экономисты считали, что регулятор всё же повысит ставку ещё раз.',
  ja: '中央銀行は木曜日、約2年ぶりに政策金利を据え置いた。前日に発表された統計で、インフレ率が予想以上に鈍化したことが示されたためだ。',
};

describe('Function: detectLanguage', () => {
  it.each(Object.entries(SAMPLES))('detects %s', (code, text) => {
    // Assess
    expect(guessLanguage(text)).toBe(code);
  });

  it.each(['en', 'de', 'ru', 'ja'])(
    'detects a few paragraphs of %s',
    (code) => {
      // Prepare: a few paragraphs' worth of text.
      const long = `${SAMPLES[code]} `.repeat(3);

      // Assess
      expect(guessLanguage(long)).toBe(code);
    }
  );

  it('names Danish, which franc-min cannot, when its function words settle it', () => {
    // Prepare: "af" is Danish only (Norwegian writes "av"), and frequent here.
    const danish =
      'Salget af huse af træ steg i år, og prisen af grunde af alle slags steg af samme grund. Formanden af foreningen af husejere sagde, at salget af nye huse af beton faldt. Ingen af dem kender årsagen af den store stigning af priserne.';

    // Assess: only the function-word tier can answer `da`.
    expect(UNKNOWN_TO_FRANC.has('da')).toBe(true);
    expect(guessLanguage(danish)).toBe('da');
  });

  it('leaves a tie to franc', () => {
    // Prepare: Danish and Norwegian Bokmål share their function words.
    const danish =
      'Regeringen har i dag fremlagt et forslag til en ny skattereform, som det er meningen at Folketinget skal vedtage inden jul. Det er ikke første gang, at en regering har forsøgt, men forslaget har mødt kritik fra både erhvervslivet og fagbevægelsen, der mener at det er for dyrt. ';

    // Assess: franc-min would call it Swedish; no language beats a wrong one.
    expect(guessLanguage(danish.repeat(2))).toBeUndefined();
  });

  it('knows which function-word languages franc-min lacks', () => {
    // Prepare: every language franc-min can name, Latin and Cyrillic script.
    const named = new Set(
      [
        'The committee said the report was not published on time.',
        'Комитет заявил, что доклад не был опубликован вовремя.',
      ].flatMap((text) =>
        francAll(text, { minLength: 1 }).map(([code]) => toIso6391(code))
      )
    );

    // Assess
    for (const language of FUNCTION_WORD_LANGUAGES) {
      expect(named.has(language), language).toBe(
        !UNKNOWN_TO_FRANC.has(language)
      );
    }
  });

  it('leaves short text undetected rather than guessing', () => {
    // Assess
    expect(guessLanguage('Hello there')).toBeUndefined();
  });

  it('reduces a declared tag to its ISO 639-1 code', () => {
    // Assess
    expect(toIso6391('en-GB')).toBe('en');
    expect(toIso6391('deu')).toBe('de');
    expect(toIso6391('zlm')).toBeUndefined();
    expect(toIso6391('not a tag!')).toBeUndefined();
  });

  it('keeps a declared language over detection', () => {
    // Prepare
    const draft = draftOf([SAMPLES.en ?? ''], { language: 'fr-CA' });

    // Act
    const out = detectLanguage(draft);

    // Assess
    expect(out.language).toBe('fr');
  });
});
