import { ISSUE_SHAPES } from '../../bench/hostile-shapes.js';
import { describeGrowth } from '../helpers/growth.js';

describeGrowth('every reader and diagnose on the hostile shapes of issue 11', ISSUE_SHAPES);
