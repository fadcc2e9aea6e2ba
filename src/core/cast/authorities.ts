import type { CastEntity } from './cast';

/** An entity's id in an authority file, with the links we build from its digits: never a link from the file. */
export interface AuthorityLink {
  readonly label: 'Wikidata' | 'VIAF' | 'GeoNames';
  /** The id as written in `marginalia.yaml`. */
  readonly id: string;
  /** The authority's page for people to read; undefined when the id is not of the authority's form. */
  readonly url: string | undefined;
  /** The entity's linked-data IRI (W3C `identifying` bodies, TEI `idno`); undefined likewise. */
  readonly iri: string | undefined;
}

/** The Wikidata, VIAF and GeoNames ids of an entity, in that order. */
export function authorityLinks(entity: Pick<CastEntity, 'details'>): AuthorityLink[] {
  const links: AuthorityLink[] = [];
  const { wikidata, viaf, geonames } = entity.details;
  if (wikidata) {
    const valid = /^Q\d+$/.test(wikidata);
    links.push({ label: 'Wikidata', id: wikidata, url: valid ? `https://www.wikidata.org/wiki/${wikidata}` : undefined, iri: valid ? `http://www.wikidata.org/entity/${wikidata}` : undefined });
  }
  if (viaf) {
    const valid = /^\d+$/.test(viaf);
    links.push({ label: 'VIAF', id: viaf, url: valid ? `https://viaf.org/viaf/${viaf}` : undefined, iri: valid ? `http://viaf.org/viaf/${viaf}` : undefined });
  }
  if (geonames) {
    const valid = /^\d+$/.test(geonames);
    links.push({ label: 'GeoNames', id: geonames, url: valid ? `https://www.geonames.org/${geonames}` : undefined, iri: valid ? `https://sws.geonames.org/${geonames}/` : undefined });
  }
  return links;
}

/**
 * The authority an IRI names, in any of the forms the three authorities' pages and data use
 * (`http` or `https`, Wikidata's `/wiki/` or `/entity/`, GeoNames' `sws.` or `www.`).
 */
export function authorityOfIri(iri: string): { readonly label: AuthorityLink['label']; readonly id: string } | undefined {
  const wikidata = /^https?:\/\/(?:www\.)?wikidata\.org\/(?:wiki|entity)\/(Q\d+)$/.exec(iri);
  if (wikidata) return { label: 'Wikidata', id: wikidata[1] };
  const viaf = /^https?:\/\/(?:www\.)?viaf\.org\/viaf\/(\d+)\/?$/.exec(iri);
  if (viaf) return { label: 'VIAF', id: viaf[1] };
  const geonames = /^https?:\/\/(?:sws\.|www\.)?geonames\.org\/(\d+)(?:\/.*)?$/.exec(iri);
  if (geonames) return { label: 'GeoNames', id: geonames[1] };
  return undefined;
}
