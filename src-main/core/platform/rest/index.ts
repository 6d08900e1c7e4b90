// The platform's REST resources (spec 1, 4.1 to 4.5), validated like events: the app trusts no
// wire shape it has not checked. PHI is marked as in the event catalog.
export * from './schema-kit'
export * from './sessions'
export * from './calls'
export * from './call-detail'
export * from './playback-timeline'
export * from './operators'
export * from './services'
