import '../shared/client/base.css';
import './luot-display-app.js';
