import { BadUserInputError } from '@commonplace/sdk';
import type { UnitRow } from '../db/tables.js';

/**
 * Units every instance knows, with their Ontology of units of Measure (OM 2) identifiers, so quantities
 * mean the same on both ends of a federated event. Instances add others with `createUnit`.
 */
export const STANDARD_UNITS: readonly UnitRow[] = [
  { id: 'one', label: 'one', symbol: '#', om_unit_identifier: 'om2:one', dimension: 'count', factor: 1 },
  { id: 'kg', label: 'kilogram', symbol: 'kg', om_unit_identifier: 'om2:kilogram', dimension: 'mass', factor: 1 },
  { id: 'g', label: 'gram', symbol: 'g', om_unit_identifier: 'om2:gram', dimension: 'mass', factor: 0.001 },
  { id: 't', label: 'tonne', symbol: 't', om_unit_identifier: 'om2:tonne', dimension: 'mass', factor: 1000 },
  { id: 'l', label: 'litre', symbol: 'l', om_unit_identifier: 'om2:litre', dimension: 'volume', factor: 0.001 },
  { id: 'm3', label: 'cubic metre', symbol: 'm³', om_unit_identifier: 'om2:cubicMetre', dimension: 'volume', factor: 1 },
  { id: 'm', label: 'metre', symbol: 'm', om_unit_identifier: 'om2:metre', dimension: 'length', factor: 1 },
  { id: 'km', label: 'kilometre', symbol: 'km', om_unit_identifier: 'om2:kilometre', dimension: 'length', factor: 1000 },
  { id: 'm2', label: 'square metre', symbol: 'm²', om_unit_identifier: 'om2:squareMetre', dimension: 'area', factor: 1 },
  { id: 'min', label: 'minute', symbol: 'min', om_unit_identifier: 'om2:minute-Time', dimension: 'time', factor: 60 },
  { id: 'h', label: 'hour', symbol: 'h', om_unit_identifier: 'om2:hour', dimension: 'time', factor: 3600 },
  { id: 'd', label: 'day', symbol: 'd', om_unit_identifier: 'om2:day', dimension: 'time', factor: 86400 },
];

export interface Quantity {
  hasNumericalValue: number;
  hasUnit: string;
}

/** `value` in `from` units expressed in `to` units; BAD_USER_INPUT naming `field` when the dimensions differ. */
export function convert(value: number, from: UnitRow, to: UnitRow, field: string): number {
  if (from.dimension !== to.dimension) {
    throw new BadUserInputError(
      `${field} is in ${from.label} (${from.dimension}) but the resource is counted in ${to.label} (${to.dimension}).`,
      field,
    );
  }
  if (from.id === to.id) return value;
  // Rounded to 12 significant digits so g -> kg -> g comes back where it started.
  return Number(((value * from.factor) / to.factor).toPrecision(12));
}
