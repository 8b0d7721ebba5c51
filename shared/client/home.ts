import './base.css';
import { officePrefix } from './office-base.js';

// The same home page serves /o/<slug>/: its app links then lead to that office's apps.
const prefix = officePrefix();
if (prefix) {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href^="/"]')) a.setAttribute('href', prefix + a.getAttribute('href'));
}
