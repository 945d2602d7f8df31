/**
 * Outlier warnings for one figure in a return: is it far from what this partnership reported before,
 * or far from what the other partnerships reported for the same period? These are warnings, never
 * errors: a big festival really can triple a partnership's beneficiaries. The submitter sees them
 * before submitting (and can add a note), the reviewer sees them when reviewing.
 *
 * Both checks use medians, so one earlier odd figure cannot hide or cause a warning. Each says when it
 * had too little data to judge, rather than staying silent.
 */

/** More than this many times the partnership's usual figure, or less than this fraction of it. */
export const HISTORY_RATIO = 3;
/**
 * Earlier returns needed before a partnership's own history is compared: one is enough (as Akvo RSR shows
 * last period's figure beside each field), so 5,000 volunteers after 164 last period warns. With one
 * earlier figure the comparison is with that figure; with more, with their median.
 */
export const MIN_HISTORY = 1;
/** Other partnerships needed before the portfolio is a fair comparison. */
export const MIN_PEERS = 5;
/** Robust z-score (Iglewicz and Hoaglin's modified z) above which a figure stands out. */
export const MAD_LIMIT = 3.5;
/** When most peers gave the same figure (no MAD), how many interquartile ranges outside the quartiles count. */
export const IQR_FENCE = 3;

export type OutlierCode =
  | 'much-higher-than-own-history'
  | 'much-lower-than-own-history'
  | 'much-higher-than-portfolio'
  | 'much-lower-than-portfolio';

export interface OutlierWarning {
  code: OutlierCode;
  /** What the submitter reads, in plain words. */
  message: string;
  /** The median the figure was compared with. */
  median: number;
}

export type NotCheckedCode = 'too-little-history' | 'history-median-not-positive' | 'too-few-peers' | 'peers-too-alike';

export type CheckOutcome = { checked: true } | { checked: false; code: NotCheckedCode; message: string };

/**
 * All the portfolio check needs to know about the other partnerships' figures. A server can work these
 * out in the database, so the figures themselves never reach the code that answers a partnership.
 * Only `count` is read when it is below MIN_PEERS.
 */
export interface PeerSummary {
  count: number;
  median: number;
  /** Median absolute deviation from the median. */
  mad: number;
  /** Lower and upper quartiles, interpolated as `quantile` does. */
  q1: number;
  q3: number;
}

/** Who reads the words: the partnership itself ("your last returns"), or a reviewer ("the partnership's"). */
export type Voice = 'partnership' | 'reviewer';

export interface OutlierInput {
  value: number;
  /** This partnership's reported figures for the same indicator in earlier periods (not-reported ones left out). */
  history: readonly number[];
  /** The other partnerships' reported figures for the same indicator and period (this partnership left out), or their summary. */
  peers: readonly number[] | PeerSummary;
  /** Defaults to the partnership. */
  voice?: Voice | undefined;
}

export interface OutlierResult {
  warnings: OutlierWarning[];
  ownHistory: CheckOutcome;
  portfolio: CheckOutcome;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('The median of no values is undefined');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Quantile by linear interpolation between sorted values (the spreadsheet QUARTILE.INC method). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('The quantile of no values is undefined');
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** The figures' summary the portfolio check uses; `summarisePeers([])` has count 0 and zeros elsewhere. */
export function summarisePeers(peers: readonly number[]): PeerSummary {
  if (peers.length === 0) return { count: 0, median: 0, mad: 0, q1: 0, q3: 0 };
  const m = median(peers);
  return {
    count: peers.length,
    median: m,
    mad: median(peers.map((p) => Math.abs(p - m))),
    q1: quantile(peers, 0.25),
    q3: quantile(peers, 0.75),
  };
}

const shown = (n: number): string => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
const WORDS = {
  partnership: {
    earlier: 'your earlier returns',
    last: 'your last returns',
    lastOne: 'your last return',
    check: 'Check it is right, or add a note.',
  },
  reviewer: {
    earlier: 'the partnership’s earlier returns',
    last: 'the partnership’s last returns',
    lastOne: 'the partnership’s last return',
    check: 'Check it with the partnership, or look for their note.',
  },
} as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function checkOwnHistory(value: number, history: readonly number[], voice: Voice): { outcome: CheckOutcome; warning?: OutlierWarning } {
  const words = WORDS[voice];
  if (history.length < MIN_HISTORY) {
    return {
      outcome: {
        checked: false,
        code: 'too-little-history',
        message:
          history.length === 0
            ? `Not compared with ${words.earlier}: there are none yet with this figure.`
            : `Not compared with ${words.earlier}: there ${history.length === 1 ? 'is' : 'are'} ${plural(history.length, 'earlier figure')}, and at least ${MIN_HISTORY} are needed.`,
      },
    };
  }
  const m = median(history);
  // "Three times" means nothing against a usual figure of 0 (or a negative one).
  if (m <= 0) {
    return {
      outcome: {
        checked: false,
        code: 'history-median-not-positive',
        message: `Not compared with ${words.earlier}: they were usually ${shown(m)}, so there is no size to compare with.`,
      },
    };
  }
  const against = history.length === 1 ? `${words.lastOne} (${shown(m)})` : `${words.last} (median ${shown(m)})`;
  if (value > m * HISTORY_RATIO) {
    return {
      outcome: { checked: true },
      warning: {
        code: 'much-higher-than-own-history',
        median: m,
        message: `This is much higher than ${against}. ${words.check}`,
      },
    };
  }
  if (value < m / HISTORY_RATIO) {
    return {
      outcome: { checked: true },
      warning: {
        code: 'much-lower-than-own-history',
        median: m,
        message: `This is much lower than ${against}. ${words.check}`,
      },
    };
  }
  return { outcome: { checked: true } };
}

function checkPortfolio(value: number, peers: PeerSummary, voice: Voice): { outcome: CheckOutcome; warning?: OutlierWarning } {
  if (peers.count < MIN_PEERS) {
    return {
      outcome: {
        checked: false,
        code: 'too-few-peers',
        message: `Not compared with other partnerships: ${plural(peers.count, 'other partnership')} reported this for the period, and at least ${MIN_PEERS} are needed.`,
      },
    };
  }
  const { median: m, mad, q1, q3 } = peers;
  let direction: 'higher' | 'lower' | undefined;
  if (mad > 0) {
    // 0.6745 scales the MAD to a standard deviation for normally spread figures.
    const z = (0.6745 * (value - m)) / mad;
    if (z > MAD_LIMIT) direction = 'higher';
    else if (z < -MAD_LIMIT) direction = 'lower';
  } else {
    // Over half the peers gave the same figure: the quartiles may still show a spread.
    const iqr = q3 - q1;
    if (iqr === 0) {
      return {
        outcome: {
          checked: false,
          code: 'peers-too-alike',
          message: 'Not compared with other partnerships: nearly all of them gave the same figure, so there is no spread to compare with.',
        },
      };
    }
    if (value > q3 + IQR_FENCE * iqr) direction = 'higher';
    else if (value < q1 - IQR_FENCE * iqr) direction = 'lower';
  }
  if (!direction) return { outcome: { checked: true } };
  return {
    outcome: { checked: true },
    warning: {
      code: direction === 'higher' ? 'much-higher-than-portfolio' : 'much-lower-than-portfolio',
      median: m,
      message: `This is much ${direction} than other partnerships reported for this period (median ${shown(m)}). ${WORDS[voice].check}`,
    },
  };
}

const isSummary = (p: OutlierInput['peers']): p is PeerSummary => !Array.isArray(p);

/** Warnings for one figure; an empty list when it looks ordinary or when there was too little data (see the outcomes). */
export function outlierWarnings(input: OutlierInput): OutlierResult {
  const peers = isSummary(input.peers) ? input.peers : summarisePeers(input.peers);
  const given = isSummary(input.peers) ? (peers.count >= MIN_PEERS ? [peers.median, peers.mad, peers.q1, peers.q3] : []) : input.peers;
  for (const n of [input.value, ...input.history, ...given]) {
    if (!Number.isFinite(n)) throw new Error('Outlier checks need finite numbers: leave not-reported figures out');
  }
  const voice = input.voice ?? 'partnership';
  const own = checkOwnHistory(input.value, input.history, voice);
  const portfolio = checkPortfolio(input.value, peers, voice);
  return {
    warnings: [own.warning, portfolio.warning].filter((w): w is OutlierWarning => w !== undefined),
    ownHistory: own.outcome,
    portfolio: portfolio.outcome,
  };
}
