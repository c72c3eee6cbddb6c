/** Published after a new version of a process is committed (timer start events listen for it). */
export class DefinitionDeployedEvent {
  constructor(
    readonly key: string,
    readonly definitionId: string,
  ) {}
}
