import '../shared/client/base.css';
import './luot-ticket-page.js';
