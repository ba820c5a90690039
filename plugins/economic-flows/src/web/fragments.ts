/** GraphQL selections the pages share. */
export const MEASURE = 'hasNumericalValue hasUnit { id symbol label }';
export const AGENT = 'id name uri local agentType';
export const EVENT_SUMMARY = `id uri local hasPointInTime note
  action { id label }
  provider { ${AGENT} } receiver { ${AGENT} }
  resourceQuantity { ${MEASURE} } effortQuantity { ${MEASURE} }
  resourceInventoriedAs { id name } toResourceInventoriedAs { id name }
  inputOf { id name } outputOf { id name }
  signature { verified }`;
