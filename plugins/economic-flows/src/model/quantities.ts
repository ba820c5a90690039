import { BadUserInputError } from '@commonplace/sdk';
import type { UnitRow, FlowsExecutor } from '../db/tables.js';
import { STANDARD_UNITS, type Quantity } from './units.js';

export interface CheckedQuantity {
  value: number;
  unit: UnitRow;
}

/**
 * A quantity from a client: a finite number with a unit we know. Negative values only where allowed
 * (a correction adds to or subtracts from the event it corrects).
 */
export async function checkQuantity(
  tx: FlowsExecutor,
  quantity: Quantity | null | undefined,
  field: string,
  options: { allowNegative: boolean; dimension?: string },
): Promise<CheckedQuantity | null> {
  if (quantity === null || quantity === undefined) return null;
  const value = quantity.hasNumericalValue;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadUserInputError(`${field}.hasNumericalValue must be a finite number.`, field);
  if (value < 0 && !options.allowNegative) throw new BadUserInputError(`${field} must not be negative (only a correction may subtract).`, field);
  if (!quantity.hasUnit) throw new BadUserInputError(`${field} needs a unit (hasUnit).`, field);
  const unit = await unitOrNull(tx, quantity.hasUnit);
  if (!unit) throw new BadUserInputError(`${field}: no unit ${quantity.hasUnit}.`, field);
  if (options.dimension && unit.dimension !== options.dimension) {
    throw new BadUserInputError(`${field} is in ${unit.label} (${unit.dimension}); it must be a ${options.dimension}.`, field);
  }
  return { value: Number(value), unit };
}

/**
 * The standard units are the same rows on every instance and never change: they are answered from memory,
 * since every event names one or two. Units an instance adds are read from its database.
 */
const standardUnits = new Map(STANDARD_UNITS.map((unit) => [unit.id, unit]));

export async function unitOrNull(tx: FlowsExecutor, id: string): Promise<UnitRow | null> {
  const standard = standardUnits.get(id);
  if (standard) return standard;
  const row = await tx.selectFrom('economic_flows_units').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, factor: Number(row.factor) } : null;
}

export async function unitById(tx: FlowsExecutor, id: string): Promise<UnitRow> {
  const unit = await unitOrNull(tx, id);
  if (!unit) throw new Error(`unit ${id} is gone`);
  return unit;
}
