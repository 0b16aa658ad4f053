/**
 * Real datasets bundled with the studio (from the `vega-datasets` package), so a class can
 * start without hunting for a file. Each says what a first model could predict.
 */
export interface SampleDataset {
  id: string;
  name: string;
  /** File name inside vega-datasets' data folder; the worker maps it to a bundled URL. */
  file: string;
  description: string;
  /** A column that makes a good first target, and the task it suggests. */
  suggestedTarget: { column: string; task: 'classification' | 'regression' };
}

export const sampleDatasets: readonly SampleDataset[] = [
  {
    id: 'penguins',
    name: 'Palmer penguins',
    file: 'penguins.json',
    description: '344 penguins from three islands in Antarctica: beak and flipper sizes, body mass and sex. Classify the species.',
    suggestedTarget: { column: 'Species', task: 'classification' },
  },
  {
    id: 'cars',
    name: 'Cars (1970–1982)',
    file: 'cars.json',
    description: '406 car models with engine size, horsepower, weight and origin. Predict fuel economy in miles per gallon.',
    suggestedTarget: { column: 'Miles_per_Gallon', task: 'regression' },
  },
  {
    id: 'seattle-weather',
    name: 'Seattle weather (2012–2015)',
    file: 'seattle-weather.csv',
    description: '1,461 days of precipitation, temperatures and wind in Seattle. Classify the day\'s weather.',
    suggestedTarget: { column: 'weather', task: 'classification' },
  },
];

export function findSample(id: string): SampleDataset | undefined {
  return sampleDatasets.find((s) => s.id === id);
}
