/** Types of workflowCommand.mjs (GitHub Actions workflow commands as the runner reads them). */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}
export function parseWorkflowCommand(line: string, registered: ReadonlySet<string>): WorkflowCommand | undefined;
export function annotationProblems(line: string): string[];
