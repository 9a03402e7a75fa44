import { expect } from '@open-wc/testing';
import { CATALOGUES, MESSAGE_KEYS, negotiateLocale, SUPPORTED_LOCALES, textDirection } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogues', () => {
  it('ships the languages the SDK promises', () => {
    expect(SUPPORTED_LOCALES).to.include.members(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'fi', 'cs', 'ja', 'ar', 'he']);
  });

  for (const [locale, messages] of Object.entries(CATALOGUES)) {
    it(`${locale}: every message, none empty, with the same {placeholders} as English`, () => {
      expect(Object.keys(messages)).to.deep.equal(MESSAGE_KEYS);
      for (const key of MESSAGE_KEYS) {
        expect(messages[key].trim(), `${locale}.${key}`).not.to.equal('');
        expect(placeholders(messages[key]), `${locale}.${key}`).to.deep.equal(placeholders(CATALOGUES.en[key]));
      }
    });
  }

  it('translates: no catalogue but English repeats the English banner', () => {
    for (const [locale, messages] of Object.entries(CATALOGUES)) {
      if (locale !== 'en') expect(messages.bannerDescription, locale).not.to.equal(CATALOGUES.en.bannerDescription);
    }
  });
});

describe('negotiateLocale', () => {
  const offered = ['en', 'de', 'fr', 'pt-BR'];

  it('takes the first candidate offered, exactly or by its base language', () => {
    expect(negotiateLocale(['it', 'fr-CA', 'de'], offered)).to.equal('fr');
    expect(negotiateLocale(['DE-at'], offered)).to.equal('de');
    expect(negotiateLocale(['pt'], offered)).to.equal('pt-BR');
  });

  it('answers null when nothing matches', () => {
    expect(negotiateLocale(['ja', 'ko'], offered)).to.equal(null);
    expect(negotiateLocale([], offered)).to.equal(null);
  });
});

describe('textDirection', () => {
  it('is right to left for Arabic and Hebrew, left to right otherwise', () => {
    expect(textDirection('ar')).to.equal('rtl');
    expect(textDirection('he-IL')).to.equal('rtl');
    expect(textDirection('de')).to.equal('ltr');
  });
});
