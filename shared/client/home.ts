import './base.css';
import './home/luot-home-app.js';
