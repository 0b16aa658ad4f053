// The bundled samples, emitted by the build as assets of the app's own origin.
import penguins from '@samples/penguins.json?url';
import cars from '@samples/cars.json?url';
import seattleWeather from '@samples/seattle-weather.csv?url';

export const sampleUrls: Record<string, string> = {
  'penguins.json': penguins,
  'cars.json': cars,
  'seattle-weather.csv': seattleWeather,
};
