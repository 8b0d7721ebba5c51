import '../shared/client/base.css';
import './luot-counter-app.js';
