import { kill9Scenario } from './kill9-scenario.js';

kill9Scenario('sqlite');
