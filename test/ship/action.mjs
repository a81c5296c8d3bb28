export async function runActionTests() {}
