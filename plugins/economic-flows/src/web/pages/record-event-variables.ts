import { BadUserInputError } from '@commonplace/sdk';

/**
 * The record form's fields as `createEconomicEvent`'s variables. Field names are the API's (a refusal
 * naming `resourceQuantity` lands beside that field); a quantity is a number and a unit, two fields.
 * The time is the moment of recording: the server signs it with the event.
 */
export function recordEventVariables(fields: Readonly<Record<string, string>>, now: () => Date = () => new Date()) {
  const text = (name: string) => fields[name]?.trim() || null;
  const receiver = text('receiverUri') ?? text('receiver');
  if (!receiver) throw new BadUserInputError('Choose who receives, or give their actor URI.', 'receiver');
  const newName = text('newResourceName');
  const batch = text('ofBatchLot');
  return {
    event: {
      action: text('action') ?? '',
      provider: text('provider') ?? '',
      receiver,
      resourceInventoriedAs: text('resourceInventoriedAs'),
      toResourceInventoriedAs: text('toResourceInventoriedAs'),
      resourceQuantity: measure(fields, 'resourceQuantity'),
      effortQuantity: measure(fields, 'effortQuantity'),
      inputOf: text('inputOf'),
      outputOf: text('outputOf'),
      toLocation: text('toLocation'),
      note: text('note'),
      hasPointInTime: now().toISOString(),
    },
    newInventoriedResource: newName || batch ? { name: newName, ofBatchLot: batch } : null,
  };
}

/** `<name>` (a number) and `<name>Unit` as an IMeasure; nothing when the number is left empty. */
function measure(fields: Readonly<Record<string, string>>, name: string): { hasNumericalValue: number; hasUnit: string } | null {
  const raw = fields[name]?.trim();
  if (!raw) return null;
  const value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value)) throw new BadUserInputError(`${raw} is not a number.`, name);
  const unit = fields[`${name}Unit`]?.trim();
  if (!unit) throw new BadUserInputError('Choose a unit for the quantity.', name);
  return { hasNumericalValue: value, hasUnit: unit };
}
