/** One GraphQL POST; throws unless the answer is 200 with data and no errors. */
export async function graphql<Data>(url: string, query: string, token?: string): Promise<{ data: Data; body: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { data?: Data; errors?: unknown };
  if (response.status !== 200 || !parsed.data || parsed.errors) {
    throw new Error(`GraphQL ${query.slice(0, 40)}... answered ${response.status}: ${body.slice(0, 300)}`);
  }
  return { data: parsed.data, body };
}
