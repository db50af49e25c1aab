/*
 * Realistic French DMS labels: upper and lower case, abbreviations, missing accents,
 * occasional typos and mixed kits. Every choice comes from the caller's generator.
 */
import type { MaintenanceOperation } from '../domain';
import type { Random } from '../internal/random';

export const OPERATION_LABELS: Readonly<Record<MaintenanceOperation, readonly string[]>> = {
  'oil-service': ['VIDANGE + FILTRE A HUILE', 'VIDANGE+FILT', 'Vidange moteur', 'VIDANGE HUILE 5W30', 'REVISION + VIDANGE', 'FORFAIT VIDANGE', 'vidange + filtre'],
  'small-service': ['FORFAIT ENTRETIEN {km}KM', 'REV {km}', 'REVISION {km} KM', 'ENTRETIEN PERIODIQUE', 'PETITE REVISION', 'Révision A'],
  'large-service': ['GRANDE REVISION', 'FORFAIT ENTRETIEN {km}KM', 'REVISION COMPLETE {km}', 'REV {km} + CONTROLES', 'Révision B'],
  'brake-fluid': ['PURGE LIQUIDE DE FREIN', 'REMPL LIQ FREIN', 'LIQUIDE FREIN DOT4', 'purge circuit freinage'],
  'timing-belt': ['KIT DISTRIBUTION', 'REMPL COURROIE DISTRI', 'DISTRIBUTION + POMPE A EAU', 'courroie de distribution'],
  'spark-plugs': ['BOUGIES x4', 'REMPL BOUGIES ALLUMAGE', 'bougies allumage'],
  'air-filter': ['FILTRE A AIR', 'REMPL FILTRE AIR', 'filtre air moteur'],
  'cabin-filter': ['FILTRE HABITACLE', 'FILTRE POLLEN', 'filtre a pollen'],
  'fuel-filter': ['FILTRE A GASOIL', 'FILTRE CARBURANT'],
  'air-conditioning': ['RECHARGE CLIM', 'ENTRETIEN CLIMATISATION', 'CONTROLE + RECHARGE CLIM'],
  coolant: ['LIQUIDE REFROIDISSEMENT', 'REMPL LIQ REFROID'],
  'gearbox-oil': ['VIDANGE BOITE', 'HUILE BV'],
  'auxiliary-belt': ['COURROIE ACCESSOIRES', 'REMPL COURROIE ACC'],
};

export const OIL_PARTS: readonly string[] = ['HUILE 5W30', 'HUILE MOTEUR 0W20', 'huile 5w40 x5L', 'FILTRE A HUILE', 'JOINT BOUCHON VIDANGE'];
export const REPAIR_LABELS: readonly string[] = [
  'REMPL PLAQ AV',
  'PLAQUETTES + DISQUES AR',
  'BATTERIE 70AH',
  'REMPL ESSUIE GLACE',
  'DIAG ELECTRONIQUE',
  'REMPL AMORTISSEURS AV',
  'ECHAPPEMENT SILENCIEUX AR',
  'KIT EMBRAYAGE',
  'REP CLIM FUITE',
  'REMPL AMPOULE CODE',
  'REMPL POMPE A EAU',
  'CAPTEUR ABS AVG',
  'Remplacement démarreur',
  'rempl plaquettes avant',
  'ALTERNATEUR ECH STD',
];
export const TYRE_LABELS: readonly string[] = [
  'PNEU 205/55R16 MICHELIN x2',
  'pneus michelin x2',
  '2 PNEUS AV CONTINENTAL 225/45R17',
  'PNEU 195/65 R15 BRIDGESTONE',
  '4 PNEUS HIVER 205/55R16',
  'pneumatiques ar x2',
];
export const TYRE_EXTRAS: readonly string[] = ['MONTAGE EQUILIBRAGE', 'VALVES', 'GEOMETRIE', 'montage + equilibrage'];
export const BODYWORK_LABELS: readonly string[] = [
  'CARROSSERIE PARE-CHOC AR',
  'PEINTURE AILE AVG',
  'DEBOSSELAGE SANS PEINTURE',
  'REMPL PARE-BRISE',
  'Réparation carrosserie portière',
  'REMPL RETRO EXT D',
];
export const INSPECTION_LABELS: readonly string[] = ['CT', 'CTRL TECH', 'CONTROLE TECHNIQUE', 'Contrôle technique périodique', 'PRE-CONTROLE + CT'];
export const RECALL_LABELS: readonly string[] = ['RAPPEL CONSTRUCTEUR', 'CAMPAGNE RAPPEL {code}', 'MISE A JOUR CALCULATEUR RAPPEL {code}', 'OPERATION RAPPEL'];
export const ACCESSORY_LABELS: readonly string[] = ['ATTELAGE', 'TAPIS DE SOL', 'BARRES DE TOIT', 'COFFRE DE TOIT', 'CHAINES NEIGE', 'Pose attelage'];
export const PREPARATION_LABELS: readonly string[] = [
  'PREPA VO',
  'CESSION INTERNE - PREPARATION VO',
  'NETTOYAGE PREPA VO',
  'REMISE EN ETAT VO',
  'prepa vo + lavage',
];
export const WARRANTY_PREFIXES: readonly string[] = ['GARANTIE - ', 'GAR ', 'Garantie constructeur: '];
export const INSURANCE_PREFIXES: readonly string[] = ['SINISTRE - ', 'SINISTRE ASSUR ', 'Sinistre: '];
export const CONTRACT_LABELS: readonly string[] = ['CONTRAT ENTRETIEN', 'PRISE EN CHARGE CONTRAT'];
export const GOODWILL_LABELS: readonly string[] = ['GESTE COMMERCIAL', 'PARTICIPATION CONSTRUCTEUR'];

const ACCENTS: Readonly<Record<string, string>> = { é: 'e', è: 'e', ê: 'e', à: 'a', â: 'a', ô: 'o', î: 'i', ç: 'c', û: 'u', ù: 'u' };

/**
 * Makes a clean label messy the way DMS text is: the case is changed (upper most of the
 * time), accents are often dropped, and about one label in thirty gets a typo
 * (a doubled, dropped or swapped letter).
 */
export function messLabel(rng: Random, text: string): string {
  let out = text;
  const caseDraw = rng.next();
  if (caseDraw < 0.62) out = out.toUpperCase();
  else if (caseDraw < 0.78) out = out.toLowerCase();
  if (rng.bernoulli(0.5)) out = out.replace(/[éèêàâôîçûùÉÈÊÀÂÔÎÇÛÙ]/g, (c) => {
    const plain = ACCENTS[c.toLowerCase()] ?? c;
    return c === c.toLowerCase() ? plain : plain.toUpperCase();
  });
  if (rng.bernoulli(1 / 30) && out.length > 6) {
    const i = rng.int(2, out.length - 3);
    const c = out.charAt(i);
    if (c !== ' ' && !/\d/.test(c)) {
      const kind = rng.int(0, 2);
      if (kind === 0) out = out.slice(0, i) + c + out.slice(i);
      else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1);
      else out = out.slice(0, i) + out.charAt(i + 1) + c + out.slice(i + 2);
    }
  }
  return out;
}

/** Fills `{km}` and `{code}` placeholders. */
export function fillLabel(template: string, km: number, code: string): string {
  return template.replace('{km}', String(km)).replace('{code}', code);
}
