/**
 * Legacy-charset files for decoding tests, built from real text: an encoder
 * for the charsets a `TextDecoder` reads, made by inverting its decoder
 * (every byte, or for Shift_JIS every two-byte sequence, decoded once).
 * The WHATWG tables are the ones browsers and `node:util` use, so a file
 * written this way is what a legacy editor or server would have written.
 */

/** The charsets these tests write, as WHATWG labels. */
export const LEGACY_CHARSETS = [
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'iso-8859-2',
  'windows-1251',
  'koi8-r',
  'shift_jis',
] as const;

export type LegacyCharset = (typeof LEGACY_CHARSETS)[number];

/** Shift_JIS lead bytes of two-byte characters. */
const SJIS_LEAD = (byte: number): boolean =>
  (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);

const TABLES = new Map<string, Map<string, number[]>>();

/** Character → bytes for `charset`, built once. */
function tableOf(charset: LegacyCharset): Map<string, number[]> {
  const known = TABLES.get(charset);
  if (known) return known;
  const decoder = new TextDecoder(charset, { fatal: true });
  const table = new Map<string, number[]>();
  const add = (bytes: number[]): void => {
    try {
      const char = decoder.decode(Uint8Array.from(bytes));
      if (!table.has(char)) table.set(char, bytes);
    } catch {
      // Not a character in this charset.
    }
  };
  for (let byte = 0; byte < 256; byte++) {
    if (charset === 'shift_jis' && SJIS_LEAD(byte)) {
      for (let trail = 0x40; trail <= 0xfc; trail++) add([byte, trail]);
    } else {
      add([byte]);
    }
  }
  TABLES.set(charset, table);
  return table;
}

/**
 * `text` in `charset`.
 *
 * @throws Error when a character has no byte in the charset
 */
export function encodeLegacy(text: string, charset: LegacyCharset): Uint8Array {
  const table = tableOf(charset);
  const out: number[] = [];
  for (const char of text) {
    const bytes = table.get(char);
    if (!bytes) throw new Error(`${charset} has no byte for ${char}`);
    for (const byte of bytes) out.push(byte);
  }
  return Uint8Array.from(out);
}

/** Real sentences, by language, each writable in the charsets listed. */
export const SAMPLES: ReadonlyArray<{
  readonly language: string;
  readonly text: string;
  readonly charsets: readonly LegacyCharset[];
}> = [
  {
    language: 'fr',
    text: "Le conseil municipal a voté jeudi la fermeture de la bibliothèque du quartier, malgré une pétition signée par plus de quatre mille habitants. « C'est une décision prise à la hâte », a déclaré une élue de l'opposition, qui a promis de faire appel.",
    charsets: ['windows-1252', 'iso-8859-1', 'iso-8859-15'],
  },
  {
    language: 'de',
    text: 'Der Stadtrat hat am Donnerstag die Schließung der Bücherei im Hafenviertel beschlossen. Anwohner, die die öffentliche Tribüne füllten, kündigten an, gegen die Entscheidung vorzugehen; mehr als viertausend Menschen hatten eine Petition unterschrieben.',
    charsets: ['windows-1252', 'iso-8859-1', 'iso-8859-15', 'iso-8859-2'],
  },
  {
    language: 'es',
    text: 'El ayuntamiento aprobó el jueves el cierre de la biblioteca del barrio del puerto. Los vecinos, que llenaron la tribuna pública, dijeron que recurrirían la decisión: más de cuatro mil personas firmaron una petición. ¿Quién decidirá ahora?',
    charsets: ['windows-1252', 'iso-8859-1', 'iso-8859-15'],
  },
  {
    language: 'pl',
    text: 'Rada miejska przegłosowała w czwartek zamknięcie biblioteki w dzielnicy portowej. Mieszkańcy, którzy wypełnili galerię dla publiczności, zapowiedzieli odwołanie się od tej decyzji; petycję podpisało ponad cztery tysiące osób.',
    charsets: ['iso-8859-2'],
  },
  {
    language: 'ru',
    text: 'Городской совет в четверг проголосовал за закрытие библиотеки в портовом районе. Жители, заполнившие галерею для публики, заявили, что обжалуют это решение: петицию подписали более четырёх тысяч человек.',
    charsets: ['windows-1251', 'koi8-r'],
  },
  {
    language: 'ja',
    text: '市議会は木曜日、港地区の図書館を閉鎖することを決めた。傍聴席を埋めた住民らは決定に不服を申し立てると述べ、四千人以上が請願書に署名した。図書館は一九三一年に港湾労働者の寄付で建てられた。',
    charsets: ['shift_jis'],
  },
];
