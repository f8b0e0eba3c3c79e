/**
 * The `error` of a DNS answer a zone-file collector could not give because no
 * zone file holds the name's domain. Collectors write it, the engine reads it.
 * (Its own module: the snapshot model loads TypeBox, which nothing at run time needs.)
 */
export const NO_ZONE_COVERS_NAME = 'no zone file given covers the name';
