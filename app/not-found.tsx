import { failurePageBody } from '@/lib/http/pages';

/** The same 404 page the route handlers answer (lib/http/pages.ts), rendered from the same source. */
export default function NotFound() {
  return <main className="page msg" dangerouslySetInnerHTML={{ __html: failurePageBody('not-found') }} />;
}
