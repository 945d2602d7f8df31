/**
 * Kappa in words, for small groups who have never met the statistic. The bands are Landis & Koch's
 * (1977, "The measurement of observer agreement for categorical data", Biometrics 33(1), 159–174):
 * a convention, not a test, which is why the wording says "by a common rule of thumb".
 */

export type AgreementBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost_perfect';

export interface AgreementReading {
  band: AgreementBand | null;
  /** A short label, e.g. "Moderate". */
  label: string;
  /** One plain sentence a coder can act on. */
  meaning: string;
}

const READINGS: Record<AgreementBand, Omit<AgreementReading, 'band'>> = {
  poor: {
    label: 'Poor',
    meaning:
      'The coders agree less often than chance would give: they are probably reading this code differently. Talk it through and reword its description.',
  },
  slight: { label: 'Slight', meaning: 'Hardly better than chance. Agree together what this code means before going on.' },
  fair: { label: 'Fair', meaning: 'Some agreement beyond chance, but the coders often differ. Compare a few respondents together.' },
  moderate: {
    label: 'Moderate',
    meaning: 'The coders agree more often than not beyond chance. Worth comparing the respondents where they differ.',
  },
  substantial: { label: 'Substantial', meaning: 'Good agreement: the code is being used in much the same way.' },
  almost_perfect: { label: 'Almost perfect', meaning: 'The coders use this code in the same way.' },
};

/**
 * The Landis & Koch band for a kappa: below 0 poor; up to 0.20 slight; 0.21–0.40 fair; 0.41–0.60
 * moderate; 0.61–0.80 substantial; 0.81–1 almost perfect. Bands are judged on the value rounded to
 * two decimals, as people read it (0.405 reads 0.41, moderate), so the words match the figure shown.
 * A kappa that cannot be worked out (null) gets no band; the caller shows the reason instead.
 */
export function readKappa(kappa: number | null): AgreementReading {
  if (kappa === null || !Number.isFinite(kappa)) {
    return { band: null, label: 'Not worked out', meaning: 'Kappa cannot be worked out here; see the reason given.' };
  }
  const k = Math.round(kappa * 100) / 100;
  const band: AgreementBand =
    k < 0 ? 'poor' : k <= 0.2 ? 'slight' : k <= 0.4 ? 'fair' : k <= 0.6 ? 'moderate' : k <= 0.8 ? 'substantial' : 'almost_perfect';
  return { band, ...READINGS[band] };
}
